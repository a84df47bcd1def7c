// Embedded DrawingStore for local runs: the same contract as MongoDB, kept in this process.

import { isAfter, newestFirst } from '../position.js';
import type { Drawing, DrawingPosition, DrawingStore, DrawingSummary, Owner } from './store.js';

export class MemoryDrawingStore implements DrawingStore {
  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

  private readonly drawings = new Map<string, Drawing>();

  async save(owner: Owner, drawing: Drawing): Promise<{ drawing: DrawingSummary; created: boolean }> {
    const key = keyOf(owner, drawing.id);
    const existing = this.drawings.get(key);
    if (existing) return { drawing: summary(existing), created: false };
    this.drawings.set(key, structuredClone(drawing));
    return { drawing: summary(drawing), created: true };
  }

  async list(
    owner: Owner,
    { limit, after }: { limit: number; after?: DrawingPosition },
  ): Promise<DrawingSummary[]> {
    const prefix = keyOf(owner, '');
    return [...this.drawings.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, d]) => d)
      .filter(isAfter(after))
      .sort(newestFirst)
      .slice(0, limit)
      .map(summary);
  }

  async get(owner: Owner, id: string): Promise<Drawing | null> {
    const drawing = this.drawings.get(keyOf(owner, id));
    return drawing ? structuredClone(drawing) : null;
  }

  async delete(owner: Owner, id: string): Promise<boolean> {
    return this.drawings.delete(keyOf(owner, id));
  }

  async deleteAllOf(owner: Owner): Promise<number> {
    const prefix = keyOf(owner, '');
    const keys = [...this.drawings.keys()].filter((key) => key.startsWith(prefix));
    for (const key of keys) this.drawings.delete(key);
    return keys.length;
  }
}

function keyOf({ appId, openId }: Owner, id: string): string {
  return `${appId}\u0000${openId}\u0000${id}`;
}

function summary({ id, title, createdAt, actionCount }: DrawingSummary): DrawingSummary {
  return { id, title, createdAt, actionCount };
}
