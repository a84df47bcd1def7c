// MongoDB AuditStore: `audit`, newest first per mini program. Shard key {appId: 1, createdAt: 1}
// would do; it is small (one entry per moderator action).
import type { Collection, Filter } from 'mongodb';
import {
  type DbProvider,
  lazyCollection,
  withMongo,
  withoutMongoId,
} from '../../platform/mongo/connection.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import type { AuditEntry, AuditStore } from './store.js';

export class MongoAuditStore implements AuditStore {
  private readonly audit: () => Promise<Collection<AuditEntry>>;

  constructor(db: DbProvider) {
    this.audit = lazyCollection<AuditEntry>(db, 'audit', async (c) => {
      await c.createIndex({ appId: 1, ...NEWEST_FIRST }, { name: 'app_newest_first' });
      await c.createIndex({ appId: 1, subject: 1 }, { name: 'app_subject' });
    });
  }

  async ensureIndexes(): Promise<void> {
    await this.audit();
  }

  async add(entry: AuditEntry): Promise<void> {
    const audit = await this.audit();
    await withMongo(() => audit.insertOne({ ...entry }));
  }

  async list(
    appId: string,
    { limit, after }: { limit: number; after?: Position | undefined },
  ): Promise<AuditEntry[]> {
    const audit = await this.audit();
    const filter: Filter<AuditEntry> = {
      appId: String(appId),
      ...(afterFilter(after) as Filter<AuditEntry>),
    };
    const docs = await withMongo(() => audit.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async put(entry: AuditEntry): Promise<void> {
    const audit = await this.audit();
    await withMongo(() =>
      audit.replaceOne({ appId: String(entry.appId), id: String(entry.id) }, { ...entry }, { upsert: true }),
    );
  }

  async about(appId: string, subject: string, openId: string, limit: number): Promise<AuditEntry[]> {
    const audit = await this.audit();
    const filter: Filter<AuditEntry> = {
      appId: String(appId),
      $or: [
        { subject: String(subject) },
        { 'before.author.openId': String(openId) },
        { 'after.author.openId': String(openId) },
      ],
    } as Filter<AuditEntry>;
    const docs = await withMongo(() => audit.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async rewrite(
    appId: string,
    id: string,
    { before, after, subject }: Pick<AuditEntry, 'before' | 'after' | 'subject'>,
  ): Promise<void> {
    const audit = await this.audit();
    await withMongo(() =>
      audit.updateOne({ appId: String(appId), id: String(id) }, { $set: { before, after, subject } }),
    );
  }
}
