// Where the WeChat access token is cached: Redis, shared by every container (with a lock so one
// refresher at a time calls stable_token), or this process when running embedded.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { withRedis } from '../../platform/redis/client.js';

export interface CachedToken {
  token: string;
  expiresAt: number;
}

export interface TokenStore {
  get(appId: string): Promise<CachedToken | null>;
  put(appId: string, value: CachedToken, ttlMs: number): Promise<void>;
  /** Takes the refresh lock for `ttlMs`; returns its release, or null when another holder has it. */
  lock(appId: string, ttlMs: number): Promise<(() => Promise<void>) | null>;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(appId: string): Promise<CachedToken | null> {
    const raw = await withRedis(() => this.redis.get(`${this.prefix}wxtoken:${appId}`));
    return raw ? (JSON.parse(raw) as CachedToken) : null;
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
      await withRedis(() => this.redis.eval(RELEASE, 1, key, owner));
    };
  }
}

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, { value: CachedToken; until: number }>();
  private readonly locks = new Map<string, number>();

  async get(appId: string): Promise<CachedToken | null> {
    const entry = this.tokens.get(appId);
    return entry && entry.until > Date.now() ? entry.value : null;
  }

  async put(appId: string, value: CachedToken, ttlMs: number): Promise<void> {
    this.tokens.set(appId, { value, until: Date.now() + ttlMs });
  }

  async lock(appId: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    if ((this.locks.get(appId) ?? 0) > Date.now()) return null;
    this.locks.set(appId, Date.now() + ttlMs);
    return async () => {
      this.locks.delete(appId);
    };
  }
}
