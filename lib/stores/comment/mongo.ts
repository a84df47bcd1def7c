// MongoDB CommentStore: `comments`, newest first per video. Every query is built from validated values.
import type { Collection, Filter } from 'mongodb';
import {
  type DbProvider,
  lazyCollection,
  withMongo,
  withoutMongoId,
} from '../../platform/mongo/connection.js';
import type { Owner } from '../owner.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import type { Comment, CommentStore } from './store.js';

export class MongoCommentStore implements CommentStore {
  private readonly comments: () => Promise<Collection<Comment>>;

  constructor(db: DbProvider) {
    // Shard key {vid: 1, id: 1}: the unique index includes it, and a video's page is read from one
    // shard through the list index, which has the status so hidden comments are not walked past.
    this.comments = lazyCollection<Comment>(db, 'comments', async (c) => {
      await c.createIndex({ vid: 1, id: 1 }, { unique: true, name: 'vid_id_unique' });
      await c.createIndex({ vid: 1, status: 1, ...NEWEST_FIRST }, { name: 'video_status_newest_first' });
      // The moderators' views: a status over every video, and one comment by id. Both cross the
      // shard key (rare, admin-only queries); see the README's shard table.
      await c.createIndex({ appId: 1, status: 1, ...NEWEST_FIRST }, { name: 'app_status_newest_first' });
      await c.createIndex({ appId: 1, id: 1 }, { name: 'app_id' });
      // One user's comments: their export and their account's deletion.
      await c.createIndex({ appId: 1, openId: 1, ...NEWEST_FIRST }, { name: 'app_owner_newest_first' });
    });
  }
  /** Creates the collection's indexes now (npm run migrate), not on a function's first use. */
  async ensureIndexes(): Promise<void> {
    await this.comments();
  }

  async add(comment: Comment): Promise<void> {
    const comments = await this.comments();
    await withMongo(() => comments.insertOne({ ...comment }));
  }

  async list(
    vid: string,
    { limit, after, viewer }: { limit: number; after?: Position; viewer?: Owner },
  ): Promise<Comment[]> {
    const comments = await this.comments();
    const visibility: Filter<Comment> = viewer
      ? {
          $or: [
            { status: 'visible' },
            { status: 'review', appId: String(viewer.appId), openId: String(viewer.openId) },
          ],
        }
      : { status: 'visible' };
    const filter: Filter<Comment> = {
      vid: String(vid),
      $and: [visibility, afterFilter(after) as Filter<Comment>],
    };
    const docs = await withMongo(() => comments.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async delete(vid: string, id: string, { appId, openId }: Owner): Promise<boolean> {
    const comments = await this.comments();
    const result = await withMongo(() =>
      comments.deleteOne({
        vid: String(vid),
        id: String(id),
        appId: String(appId),
        openId: String(openId),
      }),
    );
    return result.deletedCount === 1;
  }

  async listByStatus(
    appId: string,
    status: Comment['status'],
    { limit, after }: { limit: number; after?: Position | undefined },
  ): Promise<Comment[]> {
    const comments = await this.comments();
    const filter: Filter<Comment> = {
      appId: String(appId),
      status: String(status) as Comment['status'],
      ...(afterFilter(after) as Filter<Comment>),
    };
    const docs = await withMongo(() => comments.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async setStatus(appId: string, id: string, status: Comment['status']) {
    const comments = await this.comments();
    const before = await withMongo(() =>
      comments.findOneAndUpdate(
        { appId: String(appId), id: String(id) },
        { $set: { status: String(status) as Comment['status'] } },
        { returnDocument: 'before' },
      ),
    );
    if (!before) return null;
    const previous = withoutMongoId(before);
    return { before: previous, after: { ...previous, status } };
  }

  async remove(appId: string, id: string): Promise<Comment | null> {
    const comments = await this.comments();
    const doc = await withMongo(() => comments.findOneAndDelete({ appId: String(appId), id: String(id) }));
    return doc && withoutMongoId(doc);
  }

  async ofOwner(
    { appId, openId }: Owner,
    { limit, after }: { limit: number; after?: Position | undefined },
  ): Promise<Comment[]> {
    const comments = await this.comments();
    const filter: Filter<Comment> = {
      appId: String(appId),
      openId: String(openId),
      $and: [afterFilter(after) as Filter<Comment>],
    };
    const docs = await withMongo(() => comments.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutMongoId);
  }

  async deleteAllOf({ appId, openId }: Owner): Promise<number> {
    const comments = await this.comments();
    const result = await withMongo(() =>
      comments.deleteMany({ appId: String(appId), openId: String(openId) }),
    );
    return result.deletedCount;
  }
}
