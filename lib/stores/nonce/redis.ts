// Redis NonceStore: `<prefix>n:<key>` = "pending" | "done", with the window as its TTL (SET NX PX).
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import type { NonceState, NonceStore } from './store.js';

export class RedisNonceStore implements NonceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(key: string): string {
    return `${this.prefix}n:${key}`;
  }

  async claim(key: string, ttlMs: number): Promise<NonceState> {
    const set = await withRedis(() => this.redis.set(this.key(key), 'pending', 'PX', ttlMs, 'NX'));
    if (set === 'OK') return 'new';
    const state = await withRedis(() => this.redis.get(this.key(key)));
    // Gone between the two calls (expired or released): the caller may try again as new.
    return state === 'done' ? 'done' : 'pending';
  }

  async finish(key: string, ttlMs: number): Promise<void> {
    await withRedis(() => this.redis.set(this.key(key), 'done', 'PX', ttlMs));
  }

  async release(key: string): Promise<void> {
    await withRedis(() => this.redis.del(this.key(key)));
  }
}
