// MongoDB ImageStore: `images` (unique per app and name), `image_verdicts` (trace -> WeChat's
// first verdict) and `image_moderation` (one document: when moderation first saw an image). Every filter is built from values the
// server made or validated (names by pattern, trace ids from WeChat's signed pushes).
import type { Collection, Filter } from 'mongodb';
import {
  type DbProvider,
  isDuplicateKey,
  lazyCollection,
  withMongo,
  withoutMongoId,
} from '../../platform/mongo/connection.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import { MongoModerationStart } from './moderation-start.js';
import { MongoOwnerImages, type VerdictDoc } from './owner-mongo.js';
import type { ImageRecord, ImageStatus, ImageStore, ImageVerdict, NewImage, StatusChange } from './store.js';

export class MongoImageStore implements ImageStore {
  private readonly images: () => Promise<Collection<ImageRecord>>;
  private readonly verdicts: () => Promise<Collection<VerdictDoc>>;
  private readonly start: MongoModerationStart;
  readonly ofOwner: MongoOwnerImages;

  constructor(db: DbProvider) {
    this.images = lazyCollection<ImageRecord>(db, 'images', async (c) => {
      await c.createIndex({ appId: 1, id: 1 }, { unique: true, name: 'app_id_unique' });
      await c.createIndex({ appId: 1, traceId: 1 }, { name: 'app_trace' });
      await c.createIndex({ appId: 1, status: 1, ...NEWEST_FIRST }, { name: 'app_status_newest_first' });
      await c.createIndex({ appId: 1, openId: 1, ...NEWEST_FIRST }, { name: 'app_owner_newest_first' });
    });
    this.verdicts = lazyCollection<VerdictDoc>(db, 'image_verdicts', (c) =>
      c.createIndex({ appId: 1, traceId: 1 }, { unique: true, name: 'app_trace_unique' }),
    );
    this.start = new MongoModerationStart(db);
    this.ofOwner = new MongoOwnerImages(this.images, this.verdicts);
  }

  noteModerationStart(at: Date): Promise<void> {
    return this.start.note(at);
  }

  moderationStart(): Promise<Date | null> {
    return this.start.read();
  }

  async ensureIndexes(): Promise<void> {
    await Promise.all([this.images(), this.verdicts()]);
  }

  async add(image: NewImage): Promise<ImageRecord> {
    const images = await this.images();
    const record: ImageRecord = { ...image, updatedAt: image.createdAt };
    await upsertOnce(() =>
      images.updateOne(
        { appId: String(image.appId), id: String(image.id) },
        { $setOnInsert: record },
        { upsert: true },
      ),
    );
    const stored = await this.get(image.appId, image.id);
    if (!stored) throw new Error('image vanished after its upsert');
    return stored;
  }

  async get(appId: string, id: string): Promise<ImageRecord | null> {
    return this.findOne({ appId: String(appId), id: String(id) });
  }

  async byTrace(appId: string, traceId: string): Promise<ImageRecord | null> {
    return this.findOne({ appId: String(appId), traceId: String(traceId) });
  }

  async setTrace(appId: string, id: string, traceId: string, now: Date): Promise<ImageRecord | null> {
    const images = await this.images();
    const doc = await withMongo(() =>
      images.findOneAndUpdate(
        { appId: String(appId), id: String(id), traceId: { $exists: false } },
        { $set: { traceId: String(traceId), updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc && withoutMongoId(doc);
  }

  async recordVerdict(appId: string, traceId: string, verdict: ImageVerdict, now: Date): Promise<void> {
    const verdicts = await this.verdicts();
    await upsertOnce(() =>
      verdicts.updateOne(
        { appId: String(appId), traceId: String(traceId) },
        { $setOnInsert: { appId, traceId, verdict, at: now } },
        { upsert: true },
      ),
    );
  }

  async verdictOf(appId: string, traceId: string): Promise<ImageVerdict | null> {
    const verdicts = await this.verdicts();
    const doc = await withMongo(() => verdicts.findOne({ appId: String(appId), traceId: String(traceId) }));
    return doc?.verdict ?? null;
  }

  async setStatus(
    appId: string,
    id: string,
    from: readonly ImageStatus[],
    to: ImageStatus,
    now: Date,
  ): Promise<StatusChange | null> {
    const images = await this.images();
    const doc = await withMongo(() =>
      images.findOneAndUpdate(
        { appId: String(appId), id: String(id), status: { $in: [...from] } },
        { $set: { status: to, updatedAt: now } },
        { returnDocument: 'before' },
      ),
    );
    if (!doc) return null;
    const before = withoutMongoId(doc);
    return { before, after: { ...before, status: to, updatedAt: now } };
  }

  async statuses(appId: string, keys: readonly string[]): Promise<Map<string, ImageStatus>> {
    if (keys.length === 0) return new Map();
    const images = await this.images();
    // By name (the unique index), then only the records whose key is the one asked about.
    const docs = await withMongo(() =>
      images
        .find(
          { appId: String(appId), id: { $in: keys.map(nameOf) } },
          { projection: { id: 1, key: 1, status: 1 } },
        )
        .toArray(),
    );
    const asked = new Set(keys);
    return new Map(docs.filter((d) => asked.has(d.key)).map((d) => [d.key, d.status]));
  }

  async renew(
    appId: string,
    key: string,
    etag: string,
    status: ImageStatus,
    now: Date,
  ): Promise<ImageRecord | null> {
    const images = await this.images();
    const doc = await withMongo(() =>
      images.findOneAndUpdate(
        { appId: String(appId), id: nameOf(key), key: String(key), etag: { $ne: String(etag) } },
        { $set: { etag: String(etag), status, updatedAt: now }, $unset: { traceId: '' } },
        { returnDocument: 'after' },
      ),
    );
    return doc && withoutMongoId(doc);
  }

  async listByStatus(
    appId: string,
    status: ImageStatus,
    { limit, after }: { limit: number; after?: Position | undefined },
  ): Promise<ImageRecord[]> {
    const images = await this.images();
    const filter = {
      appId: String(appId),
      status,
      ...afterFilter(after),
    } as Filter<ImageRecord>;
    const docs = await withMongo(() => images.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async remove(appId: string, id: string): Promise<ImageRecord | null> {
    const images = await this.images();
    const doc = await withMongo(() => images.findOneAndDelete({ appId: String(appId), id: String(id) }));
    return doc && withoutMongoId(doc);
  }

  private async findOne(filter: Filter<ImageRecord>): Promise<ImageRecord | null> {
    const images = await this.images();
    const doc = await withMongo(() => images.findOne(filter));
    return doc && withoutMongoId(doc);
  }
}

/** An image's name: the last part of its key (the record's id). */
const nameOf = (key: string) => String(key).slice(String(key).lastIndexOf('/') + 1);

/** An insert-if-absent upsert; two at once can both try to insert, and the loser's is a no-op. */
async function upsertOnce(op: () => Promise<unknown>): Promise<void> {
  try {
    await withMongo(op);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
