// AuditStore: what the moderators did (collection `audit`), per mini program, newest first. An
// entry is written once and never changed.
import type { Position } from '../position.js';

export interface AuditEntry {
  id: string;
  appId: string;
  /** The moderator's openId. */
  actor: string;
  /** e.g. "comment.status", "comment.delete". */
  action: string;
  /** What it acted on, e.g. "comment:<id>". */
  target: string;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

export interface AuditStore {
  /** Gets the store ready now (MongoDB: connection and indexes). */
  ensureIndexes(): Promise<void>;
  add(entry: AuditEntry): Promise<void>;
  list(appId: string, options: { limit: number; after?: Position | undefined }): Promise<AuditEntry[]>;
}
