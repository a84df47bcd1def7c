// Embedded TokenStore for local runs: the same contract as Redis, kept in this process.
import type { Clock } from '../../platform/clock.js';
import type { CachedToken, TokenStore } from './store.js';

export class MemoryTokenStore implements TokenStore {
  private readonly tokens = new Map<string, { value: CachedToken; until: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async get(appId: string): Promise<CachedToken | null> {
    const entry = this.tokens.get(appId);
    return entry && entry.until > this.clock.now() ? entry.value : null;
  }

  async put(appId: string, value: CachedToken, ttlMs: number): Promise<void> {
    this.tokens.set(appId, { value, until: this.clock.now() + ttlMs });
  }

  async lock(appId: string, ttlMs: number): Promise<(() => Promise<void>) | null> {
    if ((this.locks.get(appId) ?? 0) > this.clock.now()) return null;
    this.locks.set(appId, this.clock.now() + ttlMs);
    return async () => {
      this.locks.delete(appId);
    };
  }
}
