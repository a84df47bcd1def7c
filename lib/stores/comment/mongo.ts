// MongoDB VideoStore and CommentStore. Every query is built from validated values only.
import type { Collection, Filter, WithId } from 'mongodb';
import type { Comment, CommentStore } from './store.js';
import type { Owner } from '../drawing/store.js';
import { type DbProvider, lazyCollection, withMongo } from '../../platform/mongo/connection.js';
import { afterFilter, NEWEST_FIRST, type Position } from '../position.js';
import type { Video, VideoStore } from '../video/store.js';

const withoutId = <T extends object>({ _id, ...rest }: WithId<T>): T => rest as unknown as T;

export class MongoVideoStore implements VideoStore {
  private readonly videos: () => Promise<Collection<Video>>;

  constructor(db: DbProvider) {
    this.videos = lazyCollection<Video>(db, 'videos', async (c) => {
      await c.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
      await c.createIndex(NEWEST_FIRST, { name: 'newest_first' });
    });
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
    return docs.map(withoutId);
  }

  async exists(id: string): Promise<boolean> {
    const videos = await this.videos();
    return (await withMongo(() => videos.countDocuments({ id: String(id) }, { limit: 1 }))) > 0;
  }
}

export class MongoCommentStore implements CommentStore {
  private readonly comments: () => Promise<Collection<Comment>>;

  constructor(db: DbProvider) {
    this.comments = lazyCollection<Comment>(db, 'comments', async (c) => {
      await c.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
      await c.createIndex({ vid: 1, ...NEWEST_FIRST }, { name: 'video_newest_first' });
    });
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
    return docs.map(withoutId);
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
}
