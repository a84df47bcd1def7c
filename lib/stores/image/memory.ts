// Embedded ImageStore for local runs: the same contract as MongoDB, kept in this process.
import { isAfter, newestFirst, type Position } from '../position.js';
import type {
  ImageRecord,
  ImageStatus,
  ImageStore,
  ImageVerdict,
  NewImage,
  OwnerImages,
  StatusChange,
} from './store.js';

export class MemoryImageStore implements ImageStore {
  private readonly images = new Map<string, ImageRecord>();
  private readonly verdicts = new Map<string, ImageVerdict>();
  private start: Date | null = null;

  readonly ofOwner: OwnerImages = {
    list: async (owner, options) =>
      [...this.images.values()]
        .filter((i) => i.appId === owner.appId && i.openId === owner.openId)
        .filter(isAfter(options.after))
        .sort(newestFirst)
        .slice(0, options.limit)
        .map((i) => structuredClone(i)),
    removeAll: async (owner) => {
      const mine = [...this.images.entries()].filter(
        ([, i]) => i.appId === owner.appId && i.openId === owner.openId,
      );
      for (const [, i] of mine) if (i.traceId) this.verdicts.delete(`${i.appId}\u0000${i.traceId}`);
      for (const [key] of mine) this.images.delete(key);
      return mine.length;
    },
  };

  async noteModerationStart(at: Date): Promise<void> {
    this.start ??= new Date(at);
  }

  async moderationStart(): Promise<Date | null> {
    return this.start && new Date(this.start);
  }

  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

  async add(image: NewImage): Promise<ImageRecord> {
    const id = `${image.appId}\u0000${image.id}`;
    const found = this.images.get(id);
    if (found) return structuredClone(found);
    const record: ImageRecord = { ...image, updatedAt: image.createdAt };
    this.images.set(id, record);
    return structuredClone(record);
  }

  async get(appId: string, id: string): Promise<ImageRecord | null> {
    const found = this.images.get(`${appId}\u0000${id}`);
    return found ? structuredClone(found) : null;
  }

  async byTrace(appId: string, traceId: string): Promise<ImageRecord | null> {
    for (const image of this.images.values())
      if (image.appId === appId && image.traceId === traceId) return structuredClone(image);
    return null;
  }

  async setTrace(appId: string, id: string, traceId: string, now: Date): Promise<ImageRecord | null> {
    const image = this.images.get(`${appId}\u0000${id}`);
    if (!image || image.traceId !== undefined) return null;
    Object.assign(image, { traceId, updatedAt: now });
    return structuredClone(image);
  }

  async recordVerdict(appId: string, traceId: string, verdict: ImageVerdict): Promise<void> {
    const id = `${appId}\u0000${traceId}`;
    if (!this.verdicts.has(id)) this.verdicts.set(id, verdict);
  }

  async verdictOf(appId: string, traceId: string): Promise<ImageVerdict | null> {
    return this.verdicts.get(`${appId}\u0000${traceId}`) ?? null;
  }

  async setStatus(
    appId: string,
    id: string,
    from: readonly ImageStatus[],
    to: ImageStatus,
    now: Date,
  ): Promise<StatusChange | null> {
    const image = this.images.get(`${appId}\u0000${id}`);
    if (!image || !from.includes(image.status)) return null;
    const before = structuredClone(image);
    Object.assign(image, { status: to, updatedAt: now });
    return { before, after: structuredClone(image) };
  }

  async statuses(appId: string, keys: readonly string[]): Promise<Map<string, ImageStatus>> {
    const found = new Map<string, ImageStatus>();
    for (const key of keys) {
      const image = this.images.get(`${appId}\u0000${key.slice(key.lastIndexOf('/') + 1)}`);
      if (image?.key === key) found.set(key, image.status);
    }
    return found;
  }

  async renew(
    appId: string,
    key: string,
    etag: string,
    status: ImageStatus,
    now: Date,
  ): Promise<ImageRecord | null> {
    const image = this.images.get(`${appId}\u0000${key.slice(key.lastIndexOf('/') + 1)}`);
    if (!image || image.key !== key || image.etag === etag) return null;
    const { traceId: _old, ...rest } = image;
    const renewed: ImageRecord = { ...rest, etag, status, updatedAt: now };
    this.images.set(`${appId}\u0000${image.id}`, renewed);
    return structuredClone(renewed);
  }

  async listByStatus(
    appId: string,
    status: ImageStatus,
    options: { limit: number; after?: Position | undefined },
  ): Promise<ImageRecord[]> {
    return [...this.images.values()]
      .filter((i) => i.appId === appId && i.status === status)
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((i) => structuredClone(i));
  }

  async remove(appId: string, id: string): Promise<ImageRecord | null> {
    const key = `${appId}\u0000${id}`;
    const found = this.images.get(key);
    this.images.delete(key);
    return found ?? null;
  }
}
