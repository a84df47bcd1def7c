// Embedded CommentStore for local runs: the same contract as MongoDB, kept in this process.
import type { Owner } from '../owner.js';
import { isAfter, newestFirst, type Position } from '../position.js';
import type { Comment, CommentStore } from './store.js';

export class MemoryCommentStore implements CommentStore {
  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

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
      .filter(isAfter(options.after))
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
