// MongoDB DrawingStore: collection `drawings`, unique on (appId, openId, id), listed newest first
// by (createdAt, id) with keyset pagination, so pages neither skip nor repeat as drawings arrive.
// The actions are stored as one JSON string: FerretDB v1 refuses nested arrays (action data holds
// arrays of numbers), and one string is cheaper to write and read than 20000 sub-documents.
import type { Collection, WithId } from 'mongodb';
import {
  type DbProvider,
  isDuplicateKey,
  lazyCollection,
  withMongo,
} from '../../platform/mongo/connection.js';
import { afterFilter, NEWEST_FIRST } from '../position.js';
import type {
  Drawing,
  DrawingAction,
  DrawingPosition,
  DrawingStore,
  DrawingSummary,
  Owner,
} from './store.js';

interface DrawingDoc extends DrawingSummary, Owner {
  actions: string;
}

export class MongoDrawingStore implements DrawingStore {
  private readonly drawings: () => Promise<Collection<DrawingDoc>>;

  constructor(db: DbProvider) {
    this.drawings = lazyCollection<DrawingDoc>(db, 'drawings', async (c) => {
      await c.createIndex({ appId: 1, openId: 1, id: 1 }, { unique: true, name: 'owner_id_unique' });
      await c.createIndex({ appId: 1, openId: 1, createdAt: -1, id: -1 }, { name: 'owner_newest_first' });
    });
  }
  /** Creates the collection's indexes now (npm run migrate), not on a function's first use. */
  async ensureIndexes(): Promise<void> {
    await this.drawings();
  }

  async save(owner: Owner, drawing: Drawing): Promise<{ drawing: DrawingSummary; created: boolean }> {
    const drawings = await this.drawings();
    return withMongo(async () => {
      try {
        await drawings.insertOne({
          ...ownerAnd(owner, {}),
          ...drawing,
          actions: JSON.stringify(drawing.actions),
        });
        return { drawing: summary(drawing), created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const existing = await drawings.findOne(ownerAnd(owner, { id: drawing.id }), {
        projection: { actions: 0 },
      });
      if (!existing) throw new Error('duplicate drawing id, but no drawing found');
      return { drawing: summary(existing), created: false };
    });
  }

  async list(
    owner: Owner,
    { limit, after }: { limit: number; after?: DrawingPosition },
  ): Promise<DrawingSummary[]> {
    const drawings = await this.drawings();
    const docs = await withMongo(() =>
      drawings
        .find(ownerAnd(owner, afterFilter(after)), { projection: { actions: 0 } })
        .sort(NEWEST_FIRST)
        .limit(limit)
        .toArray(),
    );
    return docs.map(summary);
  }

  async get(owner: Owner, id: string): Promise<Drawing | null> {
    const drawings = await this.drawings();
    const doc = await withMongo(() => drawings.findOne(ownerAnd(owner, { id })));
    return doc && { ...summary(doc), actions: JSON.parse(doc.actions) as DrawingAction[] };
  }

  async delete(owner: Owner, id: string): Promise<boolean> {
    const drawings = await this.drawings();
    const result = await withMongo(() => drawings.deleteOne(ownerAnd(owner, { id })));
    return result.deletedCount === 1;
  }

  async deleteAllOf(owner: Owner): Promise<number> {
    const drawings = await this.drawings();
    const result = await withMongo(() => drawings.deleteMany(ownerAnd(owner, {})));
    return result.deletedCount;
  }
}

/** Every query is scoped to its owner; the values are server-made (appId, openId) or validated. */
function ownerAnd<T extends object>({ appId, openId }: Owner, rest: T) {
  for (const value of [appId, openId])
    if (typeof value !== 'string') throw new TypeError('owner must be strings');
  return { appId, openId, ...rest };
}

function summary(doc: WithId<Partial<DrawingDoc>> | DrawingSummary): DrawingSummary {
  const d = doc as DrawingSummary;
  return { id: d.id, title: d.title, createdAt: d.createdAt, actionCount: d.actionCount };
}
