// Embedded AuditStore for local runs: the same contract as MongoDB, kept in this process.
import { isAfter, newestFirst, type Position } from '../position.js';
import type { AuditEntry, AuditStore } from './store.js';

export class MemoryAuditStore implements AuditStore {
  private readonly entries: AuditEntry[] = [];

  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

  async add(entry: AuditEntry): Promise<void> {
    this.entries.push(structuredClone(entry));
  }

  async list(appId: string, options: { limit: number; after?: Position | undefined }): Promise<AuditEntry[]> {
    return this.entries
      .filter((e) => e.appId === appId)
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((e) => structuredClone(e));
  }
}
