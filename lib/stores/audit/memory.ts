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

  async put(entry: AuditEntry): Promise<void> {
    const at = this.entries.findIndex((e) => e.appId === entry.appId && e.id === entry.id);
    if (at >= 0) this.entries.splice(at, 1);
    await this.add(entry);
  }

  async about(appId: string, subject: string, openId: string, limit: number): Promise<AuditEntry[]> {
    const authorOf = (v: unknown) => (v as { author?: { openId?: unknown } } | null)?.author?.openId;
    return this.entries
      .filter(
        (e) =>
          e.appId === appId &&
          (e.subject === subject || authorOf(e.before) === openId || authorOf(e.after) === openId),
      )
      .sort(newestFirst)
      .slice(0, limit)
      .map((e) => structuredClone(e));
  }

  async rewrite(
    appId: string,
    id: string,
    patch: Pick<AuditEntry, 'before' | 'after' | 'subject'>,
  ): Promise<void> {
    const entry = this.entries.find((e) => e.appId === appId && e.id === id);
    if (entry) Object.assign(entry, structuredClone(patch));
  }
}
