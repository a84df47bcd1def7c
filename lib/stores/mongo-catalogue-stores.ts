// MongoDB VideoStore and CommentStore. Every query is built from validated values only.
import type { Collection, Db, Filter, WithId } from 'mongodb';
import type { Comment, CommentStore } from './comment-store.js';
import type { Owner } from './drawing-store.js';
import { once, withMongo } from './mongo.js';
import { afterFilter, NEWEST_FIRST, type Position } from './position.js';
import type { Video, VideoStore } from './video-store.js';

const withoutId = <T extends object>({ _id, ...rest }: WithId<T>): T => rest as unknown as T;

export class MongoVideoStore implements VideoStore {
  private readonly videos: Collection<Video>;
  private readonly ready: () => Promise<void>;

  constructor(db: Db) {
    this.videos = db.collection<Video>('videos');
    this.ready = once(async () => {
      await withMongo(async () => {
        await this.videos.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
        await this.videos.createIndex(NEWEST_FIRST, { name: 'newest_first' });
      });
    });
  }

  async seed(videos: readonly Video[]): Promise<number> {
    await this.ready();
    let inserted = 0;
    for (const video of videos) {
      const result = await withMongo(() =>
        this.videos.updateOne({ id: video.id }, { $setOnInsert: video }, { upsert: true }),
      );
      inserted += result.upsertedCount;
    }
    return inserted;
  }

  async list({ limit, after }: { limit: number; after?: Position }): Promise<Video[]> {
    await this.ready();
    const docs = await withMongo(() =>
      this.videos.find(afterFilter(after)).sort(NEWEST_FIRST).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  async exists(id: string): Promise<boolean> {
    await this.ready();
    return (await withMongo(() => this.videos.countDocuments({ id: String(id) }, { limit: 1 }))) > 0;
  }
}

export class MongoCommentStore implements CommentStore {
  private readonly comments: Collection<Comment>;
  private readonly ready: () => Promise<void>;

  constructor(db: Db) {
    this.comments = db.collection<Comment>('comments');
    this.ready = once(async () => {
      await withMongo(async () => {
        await this.comments.createIndex({ id: 1 }, { unique: true, name: 'id_unique' });
        await this.comments.createIndex({ vid: 1, ...NEWEST_FIRST }, { name: 'video_newest_first' });
      });
    });
  }

  async add(comment: Comment): Promise<void> {
    await this.ready();
    await withMongo(() => this.comments.insertOne({ ...comment }));
  }

  async list(
    vid: string,
    { limit, after, viewer }: { limit: number; after?: Position; viewer?: Owner },
  ): Promise<Comment[]> {
    await this.ready();
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
    const docs = await withMongo(() => this.comments.find(filter).sort(NEWEST_FIRST).limit(limit).toArray());
    return docs.map(withoutId);
  }

  async delete(vid: string, id: string, { appId, openId }: Owner): Promise<boolean> {
    await this.ready();
    const result = await withMongo(() =>
      this.comments.deleteOne({
        vid: String(vid),
        id: String(id),
        appId: String(appId),
        openId: String(openId),
      }),
    );
    return result.deletedCount === 1;
  }
}
