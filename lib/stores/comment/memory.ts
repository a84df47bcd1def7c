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
      (viewer !== undefined &&
        c.status === 'review' &&
        c.appId === viewer.appId &&
        c.openId === viewer.openId);
    return [...this.comments.values()]
      .filter((c) => c.vid === vid && visible(c))
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((c) => structuredClone(c));
  }

  async listByStatus(
    appId: string,
    status: Comment['status'],
    options: { limit: number; after?: Position | undefined },
  ): Promise<Comment[]> {
    return [...this.comments.values()]
      .filter((c) => c.appId === appId && c.status === status)
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((c) => structuredClone(c));
  }

  async setStatus(appId: string, id: string, status: Comment['status']) {
    const comment = this.comments.get(id);
    if (!comment || comment.appId !== appId) return null;
    const before = structuredClone(comment);
    comment.status = status;
    return { before, after: structuredClone(comment) };
  }

  async remove(appId: string, id: string): Promise<Comment | null> {
    const comment = this.comments.get(id);
    if (!comment || comment.appId !== appId) return null;
    this.comments.delete(id);
    return comment;
  }

  async delete(vid: string, id: string, owner: Owner): Promise<boolean> {
    const comment = this.comments.get(id);
    if (!comment || comment.vid !== vid || comment.appId !== owner.appId || comment.openId !== owner.openId)
      return false;
    return this.comments.delete(id);
  }

  async ofOwner(owner: Owner, options: { limit: number; after?: Position | undefined }): Promise<Comment[]> {
    return [...this.comments.values()]
      .filter((c) => c.appId === owner.appId && c.openId === owner.openId)
      .filter(isAfter(options.after))
      .sort(newestFirst)
      .slice(0, options.limit)
      .map((c) => structuredClone(c));
  }

  async deleteAllOf(owner: Owner): Promise<number> {
    const ids = [...this.comments.values()]
      .filter((c) => c.appId === owner.appId && c.openId === owner.openId)
      .map((c) => c.id);
    for (const id of ids) this.comments.delete(id);
    return ids.length;
  }
}
