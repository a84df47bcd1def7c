// AuditStore: what the moderators did (collection `audit`), per mini program, newest first. An
// entry is written once; it changes only when the user its content belonged to deletes their
// account (their text and openId give way to a one-way hash).
import type { Position } from '../position.js';

export interface AuditEntry {
  id: string;
  appId: string;
  /** The moderator's openId (or, for `account.delete`, who asked: a hash or "wechat"). */
  actor: string;
  /** e.g. "comment.status", "comment.delete". */
  action: string;
  /** What it acted on, e.g. "comment:<id>". */
  target: string;
  before: unknown;
  after: unknown;
  /** Whose content it was about: a one-way hash of their appId and openId (features/account). */
  subject?: string | undefined;
  createdAt: Date;
}

export interface AuditStore {
  /** Gets the store ready now (MongoDB: connection and indexes). */
  ensureIndexes(): Promise<void>;
  add(entry: AuditEntry): Promise<void>;
  /** Writes the entry, replacing the app's entry with the same id (a repeated act, recorded once). */
  put(entry: AuditEntry): Promise<void>;
  list(appId: string, options: { limit: number; after?: Position | undefined }): Promise<AuditEntry[]>;
  /** Entries about one user's content, newest first: by `subject`, or (entries written before
   * subjects were recorded) by the author's openId inside `before` or `after`. */
  about(appId: string, subject: string, openId: string, limit: number): Promise<AuditEntry[]>;
  /** Replaces an entry's `before`, `after` and `subject` (redaction). */
  rewrite(appId: string, id: string, patch: Pick<AuditEntry, 'before' | 'after' | 'subject'>): Promise<void>;
}
