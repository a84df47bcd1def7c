// Embedded NonceStore for local runs: the same contract as Redis, kept in this process, bounded
// (expired entries swept; past MAX_ENTRIES the oldest is dropped).
import type { Clock } from '../../platform/clock.js';
import type { NonceState, NonceStore } from './store.js';

const MAX_ENTRIES = 10_000;

export class MemoryNonceStore implements NonceStore {
  private readonly entries = new Map<string, { state: 'pending' | 'done'; until: number }>();

  constructor(private readonly clock: Clock = { now: Date.now }) {}

  private live(key: string) {
    const entry = this.entries.get(key);
    if (entry && entry.until <= this.clock.now()) this.entries.delete(key);
    return this.entries.get(key);
  }

  private put(key: string, state: 'pending' | 'done', ttlMs: number): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const now = this.clock.now();
      for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, { state, until: this.clock.now() + ttlMs });
  }

  async claim(key: string, ttlMs: number): Promise<NonceState> {
    const entry = this.live(key);
    if (entry) return entry.state;
    this.put(key, 'pending', ttlMs);
    return 'new';
  }

  async finish(key: string, ttlMs: number): Promise<void> {
    this.put(key, 'done', ttlMs);
  }

  async release(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
