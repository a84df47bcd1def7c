// Redis CodeSessionStore: `<prefix>c:<code hash>` holding the binding (or "revoked"), with a TTL,
// and each user's code hashes in the set `<prefix>cu:<appId>:<openId>` (as long as their longest).
import { parseJsonObject } from '../../platform/json.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import type { CodeBinding, CodeOwner, CodeSessionStore } from './store.js';

export class RedisCodeSessionStore implements CodeSessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  private key(codeHash: string): string {
    return `${this.prefix}c:${codeHash}`;
  }

  async get(codeHash: string): Promise<CodeBinding | 'revoked' | null> {
    const raw = await withRedis(() => this.redis.get(this.key(codeHash)));
    if (raw === null) return null;
    if (raw === 'revoked') return 'revoked';
    const value = parseJsonObject(raw);
    return typeof value?.uuid === 'string' && typeof value.skeyHash === 'string'
      ? { uuid: value.uuid, skeyHash: value.skeyHash }
      : null;
  }

  private ownerKey({ appId, openId }: CodeOwner): string {
    return `${this.prefix}cu:${appId}:${openId}`;
  }

  /** The list first: a code is never bound without being listed (keys on any cluster slots). */
  async bind(codeHash: string, binding: CodeBinding, ttlMs: number, owner: CodeOwner): Promise<void> {
    const list = this.ownerKey(owner);
    await withRedis(async () => {
      // Every binding of an app lives equally long, so the newest one's TTL covers the others'.
      await this.redis.multi().sadd(list, codeHash).pexpire(list, ttlMs).exec();
      await this.redis.set(this.key(codeHash), JSON.stringify(binding), 'PX', ttlMs);
    });
  }

  async revokeAllOf(owner: CodeOwner, ttlMs: number): Promise<void> {
    const list = this.ownerKey(owner);
    await withRedis(async () => {
      const hashes = await this.redis.smembers(list);
      await Promise.all(hashes.map((h) => this.redis.set(this.key(h), 'revoked', 'PX', ttlMs)));
      await this.redis.del(list);
    });
  }

  async revoke(codeHash: string, ttlMs: number): Promise<void> {
    await withRedis(() => this.redis.set(this.key(codeHash), 'revoked', 'PX', ttlMs));
  }
}
