// MongoDB UserStore: collection `users`, unique on (appId, openId). Queries are built only from
// values the server produced or validated (config appIds, WeChat openIds, schema-checked fields).
import type { Collection, WithId } from 'mongodb';
import {
  type DbProvider,
  isDuplicateKey,
  lazyCollection,
  withMongo,
  withoutMongoId,
} from '../../platform/mongo/connection.js';
import {
  definedOnly,
  type LoginUpsert,
  type ProfilePatch,
  type StoredPhone,
  type UserRecord,
  type UserStore,
} from './store.js';

/** The stored document: the user, and their sealed phone when they bound one. */
type UserDoc = UserRecord & { phone?: StoredPhone };

export class MongoUserStore implements UserStore {
  private readonly users: () => Promise<Collection<UserDoc>>;

  constructor(db: DbProvider) {
    this.users = lazyCollection<UserDoc>(db, 'users', (c) =>
      c.createIndex({ appId: 1, openId: 1 }, { unique: true, name: 'appId_openId_unique' }),
    );
  }
  /** Creates the collection's indexes now (npm run migrate), not on a function's first use. */
  async ensureIndexes(): Promise<void> {
    await this.users();
  }

  async upsertOnLogin({ appId, openId, unionId, profile, now }: LoginUpsert): Promise<UserRecord> {
    assertIds(appId, openId);
    const users = await this.users();
    const upsert = () =>
      users.findOneAndUpdate(
        { appId, openId },
        {
          $set: { updatedAt: now, lastLoginAt: now, ...definedOnly({ unionId }) },
          $setOnInsert: { ...definedOnly(profile ?? {}), appId, openId, createdAt: now },
        },
        // No projection: FerretDB v1 does not implement findAndModify's `fields`.
        { upsert: true, returnDocument: 'after' },
      );
    // Two first logins at once can both try to insert; the loser finds the winner's document.
    const doc = await withMongo(async () => {
      try {
        return await upsert();
      } catch (err) {
        if (isDuplicateKey(err)) return upsert();
        throw err;
      }
    });
    if (!doc) throw new Error('upsert returned no document');
    return userOf(doc);
  }

  async get(appId: string, openId: string): Promise<UserRecord | null> {
    assertIds(appId, openId);
    const users = await this.users();
    const doc = await withMongo(() => users.findOne({ appId, openId }));
    return doc && userOf(doc);
  }

  async updateProfile(
    appId: string,
    openId: string,
    patch: ProfilePatch,
    now: Date,
  ): Promise<UserRecord | null> {
    assertIds(appId, openId);
    const users = await this.users();
    const doc = await withMongo(() =>
      users.findOneAndUpdate(
        { appId, openId },
        { $set: { ...definedOnly(patch), updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc && userOf(doc);
  }

  async clearAvatar(appId: string, openId: string, avatarUrl: string, now: Date): Promise<UserRecord | null> {
    assertIds(appId, openId);
    const users = await this.users();
    const doc = await withMongo(() =>
      users.findOneAndUpdate(
        { appId, openId, avatarUrl: String(avatarUrl) },
        { $unset: { avatarUrl: '' }, $set: { updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc && userOf(doc);
  }

  async setPhone(appId: string, openId: string, phone: StoredPhone | null, now: Date): Promise<boolean> {
    assertIds(appId, openId);
    const users = await this.users();
    const update = phone
      ? { $set: { phone, updatedAt: now } }
      : { $unset: { phone: '' as const }, $set: { updatedAt: now } };
    const result = await withMongo(() => users.updateOne({ appId, openId }, update));
    return result.matchedCount === 1;
  }

  async getPhone(appId: string, openId: string): Promise<StoredPhone | null> {
    assertIds(appId, openId);
    const users = await this.users();
    const doc = await withMongo(() => users.findOne({ appId, openId }, { projection: { phone: 1 } }));
    return doc?.phone ?? null;
  }
  async clearProfile(appId: string, openId: string, now: Date): Promise<UserRecord | null> {
    assertIds(appId, openId);
    const users = await this.users();
    const doc = await withMongo(() =>
      users.findOneAndUpdate(
        { appId, openId },
        { $unset: { nickName: '', avatarUrl: '' }, $set: { updatedAt: now } },
        { returnDocument: 'after' },
      ),
    );
    return doc && userOf(doc);
  }

  async delete(appId: string, openId: string): Promise<boolean> {
    assertIds(appId, openId);
    const users = await this.users();
    const result = await withMongo(() => users.deleteOne({ appId, openId }));
    return result.deletedCount === 1;
  }
}

/** The user without MongoDB's _id or the sealed phone (getPhone is the only way to it). */
function userOf(doc: WithId<UserDoc>): UserRecord {
  const { phone: _phone, ...user } = withoutMongoId(doc);
  return user;
}

function assertIds(appId: unknown, openId: unknown): void {
  if (typeof appId !== 'string' || typeof openId !== 'string' || openId.startsWith('$')) {
    throw new TypeError('appId and openId must be plain strings');
  }
}
