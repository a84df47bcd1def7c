// Embedded AlbumOwnerStore for local runs: the same contract as Redis, kept in this process, at
// most MAX_OWNERS entries (the oldest go first).
import type { Clock } from '../../platform/clock.js';
import { type AlbumOwnerStore, OWNER_TTL_MS } from './store.js';

const MAX_OWNERS = 100_000;

export class MemoryAlbumOwnerStore implements AlbumOwnerStore {
  private readonly owners = new Map<string, { openId: string; until: number }>();

  constructor(private readonly clock: Clock = { now: Date.now }) {}

  async remember(appId: string, owner: string, openId: string): Promise<void> {
    const key = `${appId}\u0000${owner}`;
    this.owners.delete(key);
    this.owners.set(key, { openId, until: this.clock.now() + OWNER_TTL_MS });
    if (this.owners.size > MAX_OWNERS) this.owners.delete(this.owners.keys().next().value!);
  }

  async ownerOf(appId: string, owner: string): Promise<string | null> {
    const entry = this.owners.get(`${appId}\u0000${owner}`);
    return entry && entry.until > this.clock.now() ? entry.openId : null;
  }

  async forget(appId: string, owner: string): Promise<void> {
    this.owners.delete(`${appId}\u0000${owner}`);
  }
}
