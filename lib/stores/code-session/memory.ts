// Embedded CodeSessionStore for local runs: the same contract as Redis, kept in this process.
import type { Clock } from '../../platform/clock.js';
import type { CodeBinding, CodeOwner, CodeSessionStore } from './store.js';

export class MemoryCodeSessionStore implements CodeSessionStore {
  private readonly entries = new Map<string, { value: CodeBinding | 'revoked'; until: number }>();

  constructor(private readonly clock: Clock = { now: Date.now }) {}

  async get(codeHash: string): Promise<CodeBinding | 'revoked' | null> {
    const entry = this.entries.get(codeHash);
    if (!entry) return null;
    if (entry.until <= this.clock.now()) {
      this.entries.delete(codeHash);
      return null;
    }
    return entry.value === 'revoked' ? 'revoked' : { ...entry.value };
  }

  private readonly byOwner = new Map<string, Set<string>>();

  async bind(codeHash: string, binding: CodeBinding, ttlMs: number, owner: CodeOwner): Promise<void> {
    const key = `${owner.appId}\u0000${owner.openId}`;
    this.byOwner.set(key, (this.byOwner.get(key) ?? new Set()).add(codeHash));
    this.entries.set(codeHash, { value: { ...binding }, until: this.clock.now() + ttlMs });
  }

  async revokeAllOf(owner: CodeOwner, ttlMs: number): Promise<void> {
    const key = `${owner.appId}\u0000${owner.openId}`;
    for (const codeHash of this.byOwner.get(key) ?? []) await this.revoke(codeHash, ttlMs);
    this.byOwner.delete(key);
  }

  async revoke(codeHash: string, ttlMs: number): Promise<void> {
    this.entries.set(codeHash, { value: 'revoked', until: this.clock.now() + ttlMs });
  }
}
