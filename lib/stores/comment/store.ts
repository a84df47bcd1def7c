// CommentStore: comments on videos (collection `comments`), newest first per video. A comment under
// review is visible to its author only.
import type { CommentStatus } from '../../../contract/wire.js';
import type { Owner } from '../owner.js';
import type { Position } from '../position.js';

export type { CommentStatus };

export interface Comment extends Owner {
  id: string;
  vid: string;
  content: string;
  status: CommentStatus;
  createdAt: Date;
  /** Taken from the user store when the comment is written, never from the request. */
  author: { nickName: string; avatarUrl: string };
}

export interface CommentStore {
  /** Gets the store ready now (MongoDB: loads the driver, connects, creates the indexes): for npm
   * run migrate, and for a route's warm-up while the session is checked. */
  ensureIndexes(): Promise<void>;
  add(comment: Comment): Promise<void>;
  /** Visible comments, plus the viewer's own under review. */
  list(
    vid: string,
    options: { limit: number; after?: Position | undefined; viewer?: Owner | undefined },
  ): Promise<Comment[]>;
  /** Deletes the comment only if `owner` wrote it; true when deleted. */
  delete(vid: string, id: string, owner: Owner): Promise<boolean>;
  /** A mini program's comments in one status, over every video, newest first (the moderators'). */
  listByStatus(
    appId: string,
    status: CommentStatus,
    options: { limit: number; after?: Position | undefined },
  ): Promise<Comment[]>;
  /** Sets a comment's status; the comment before and after, or null when the app has no such comment. */
  setStatus(
    appId: string,
    id: string,
    status: CommentStatus,
  ): Promise<{ before: Comment; after: Comment } | null>;
  /** Deletes any comment of the app; the deleted comment, or null. */
  remove(appId: string, id: string): Promise<Comment | null>;
  /** One owner's comments in every status, over every video, newest first (their export). */
  ofOwner(owner: Owner, options: { limit: number; after?: Position | undefined }): Promise<Comment[]>;
  /** Deletes every comment of the owner (an account deleted); how many. */
  deleteAllOf(owner: Owner): Promise<number>;
}
