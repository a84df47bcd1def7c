// Redis TokenStore: `<prefix>wxtoken:<appId>` with a TTL, and a SET NX PX lock beside it.
import { randomBytes } from 'node:crypto';
import { parseJsonObject } from '../../platform/json.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import { releaseLock } from './release-lock.lua.js';
import type { CachedToken, TokenStore } from './store.js';

export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async get(appId: string): Promise<CachedToken | null> {
    const raw = await withRedis(() => this.redis.get(`${this.prefix}wxtoken:${appId}`));
    const value = raw === null ? undefined : parseJsonObject(raw);
    return typeof value?.token === 'string' && typeof value.expiresAt === 'number'
      ? { token: value.token, expiresAt: value.expiresAt }
      : null;
  }

  async put(appId: string, value: CachedToken, ttlMs: number): Promise<void> {
    await withRedis(() =>
      this.redis.set(`${this.prefix}wxtoken:${appId}`, JSON.stringify(value), 'PX', ttlMs),
    );
  }

  async lock(appId: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    const key = `${this.prefix}wxtoken-lock:${appId}`;
    const owner = randomBytes(12).toString('hex');
    const taken = await withRedis(() => this.redis.set(key, owner, 'PX', ttlMs, 'NX'));
    if (taken !== 'OK') return null;
    return async () => {
      await withRedis(() => releaseLock.run(this.redis, { lock: key }, { owner }));
    };
  }
}
