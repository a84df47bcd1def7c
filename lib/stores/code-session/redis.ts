// Redis CodeSessionStore: `<prefix>c:<code hash>` holding the binding (or "revoked"), with a TTL.
import { parseJsonObject } from '../../platform/json.js';
import { type RedisClient, withRedis } from '../../platform/redis/client.js';
import type { CodeBinding, CodeSessionStore } from './store.js';

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

  async bind(codeHash: string, binding: CodeBinding, ttlMs: number): Promise<void> {
    await withRedis(() => this.redis.set(this.key(codeHash), JSON.stringify(binding), 'PX', ttlMs));
  }

  async revoke(codeHash: string, ttlMs: number): Promise<void> {
    await withRedis(() => this.redis.set(this.key(codeHash), 'revoked', 'PX', ttlMs));
  }
}
