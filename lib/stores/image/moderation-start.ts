// When image moderation first saw an image: one document in `image_moderation`, the first note
// kept (npm run migrate's backfill leaves what came after it to album-check).
import type { Collection } from 'mongodb';
import {
  type DbProvider,
  isDuplicateKey,
  lazyCollection,
  withMongo,
} from '../../platform/mongo/connection.js';

export class MongoModerationStart {
  private readonly marks: () => Promise<Collection<{ _id: string; at: Date }>>;
  /** Once noted, this container does not note again. */
  private noted = false;

  constructor(db: DbProvider) {
    this.marks = lazyCollection<{ _id: string; at: Date }>(db, 'image_moderation', async () => undefined);
  }

  async note(at: Date): Promise<void> {
    if (this.noted) return;
    const marks = await this.marks();
    try {
      await withMongo(() =>
        marks.updateOne({ _id: 'start' }, { $setOnInsert: { _id: 'start', at } }, { upsert: true }),
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.noted = true;
  }

  async read(): Promise<Date | null> {
    const marks = await this.marks();
    return (await withMongo(() => marks.findOne({ _id: 'start' })))?.at ?? null;
  }
}
