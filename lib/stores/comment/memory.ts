// Embedded VideoStore and CommentStore for local runs: the same contracts as MongoDB.
import type { Comment, CommentStore } from './store.js';
import type { Owner } from '../drawing/store.js';
import { newestFirst, type Position } from '../position.js';
import type { Video, VideoStore } from '../video/store.js';

const after = (position: Position | undefined) => (item: Position) =>
  !position || newestFirst(position, item) < 0;

export class MemoryVideoStore implements VideoStore {
  private readonly videos = new Map<string, Video>();

  async seed(videos: readonly Video[]): Promise<number> {
    let inserted = 0;
    for (const video of videos) {
      if (this.videos.has(video.id)) continue;
      this.videos.set(video.id, structuredClone(video));
      inserted++;
    }
    return inserted;
  }

  async list(options: { limit: number; after?: Position }): Promise<Video[]> {
    return [...this.videos.values()]
      .filter(after(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((v) => structuredClone(v));
  }

  async exists(id: string): Promise<boolean> {
    return this.videos.has(id);
  }
}

export class MemoryCommentStore implements CommentStore {
  private readonly comments = new Map<string, Comment>();

  async add(comment: Comment): Promise<void> {
    if (this.comments.has(comment.id)) throw new Error('duplicate comment id');
    this.comments.set(comment.id, structuredClone(comment));
  }

  async list(vid: string, options: { limit: number; after?: Position; viewer?: Owner }): Promise<Comment[]> {
    const { viewer } = options;
    const visible = (c: Comment) =>
      c.status === 'visible' ||
      (viewer !== undefined && c.appId === viewer.appId && c.openId === viewer.openId);
    return [...this.comments.values()]
      .filter((c) => c.vid === vid && visible(c))
      .filter(after(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((c) => structuredClone(c));
  }

  async delete(vid: string, id: string, owner: Owner): Promise<boolean> {
    const comment = this.comments.get(id);
    if (!comment || comment.vid !== vid || comment.appId !== owner.appId || comment.openId !== owner.openId)
      return false;
    return this.comments.delete(id);
  }
}
