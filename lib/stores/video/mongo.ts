// MongoDB VideoStore: the trailer catalogue in `videos`, newest first. Seeding never overwrites.
import type { Collection } from 'mongodb';
import {
  type DbProvider,
  isDuplicateKey,
  lazyCollection,
  withMongo,
  withoutMongoId,
} from '../../platform/mongo/connection.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import { setOf, type Video, type VideoPatch, type VideoStore } from './store.js';

export class MongoVideoStore implements VideoStore {
  private readonly videos: () => Promise<Collection<Video>>;

  constructor(db: DbProvider) {
    this.videos = lazyCollection<Video>(db, 'videos', async (c) => {
      await c.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
      await c.createIndex(NEWEST_FIRST, { name: 'newest_first' });
    });
  }
  /** Creates the collection's indexes now (npm run migrate), not on a function's first use. */
  async ensureIndexes(): Promise<void> {
    await this.videos();
  }

  async seed(catalogue: readonly Video[]): Promise<number> {
    const videos = await this.videos();
    let inserted = 0;
    for (const video of catalogue) {
      const result = await withMongo(() =>
        videos.updateOne({ id: video.id }, { $setOnInsert: video }, { upsert: true }),
      );
      inserted += result.upsertedCount;
    }
    return inserted;
  }

  async list({ limit, after }: { limit: number; after?: Position }): Promise<Video[]> {
    const videos = await this.videos();
    const docs = await withMongo(() =>
      videos.find(afterFilter(after)).sort(NEWEST_FIRST).limit(limit).toArray(),
    );
    return docs.map(withoutMongoId);
  }

  async exists(id: string): Promise<boolean> {
    const videos = await this.videos();
    return (await withMongo(() => videos.countDocuments({ id: String(id) }, { limit: 1 }))) > 0;
  }

  async add(video: Video): Promise<boolean> {
    const videos = await this.videos();
    try {
      await withMongo(() => videos.insertOne({ ...video }));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async update(id: string, patch: VideoPatch): Promise<{ before: Video; after: Video } | null> {
    const videos = await this.videos();
    const set = setOf(patch);
    const before = await withMongo(() =>
      videos.findOneAndUpdate({ id: String(id) }, { $set: set }, { returnDocument: 'before' }),
    );
    if (!before) return null;
    const previous = withoutMongoId(before);
    return { before: previous, after: { ...previous, ...set } };
  }

  async remove(id: string): Promise<Video | null> {
    const videos = await this.videos();
    const doc = await withMongo(() => videos.findOneAndDelete({ id: String(id) }));
    return doc && withoutMongoId(doc);
  }
}
