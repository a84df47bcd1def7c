// ImageStore: what moderation knows of each album image (collection `images`): its owner, its
// status and WeChat's trace; beside it, trace -> WeChat's first verdict (a push can beat its
// trace's record).
import type { Owner } from '../owner.js';
import type { Position } from '../position.js';

/** pending: not judged yet; visible: passed (WeChat or a moderator); review: waits for a moderator;
 * rejected: refused (the object is deleted). */
export const IMAGE_STATUSES = ['pending', 'visible', 'review', 'rejected'] as const;
export type ImageStatus = (typeof IMAGE_STATUSES)[number];

/** WeChat's suggestion for one trace. */
export type ImageVerdict = 'pass' | 'review' | 'risky';

export interface ImageRecord {
  /** The album name (the key's last segment; 96 random bits, so unique per app). */
  id: string;
  key: string;
  appId: string;
  openId: string;
  status: ImageStatus;
  /** media_check_async's trace_id, once asked. */
  traceId?: string | undefined;
  /** The object version the record (and any verdict) is about: its ETag when it arrived. */
  etag?: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

export type NewImage = Pick<ImageRecord, 'id' | 'key' | 'appId' | 'openId' | 'status' | 'createdAt'> & {
  etag?: string | undefined;
};

export interface StatusChange {
  before: ImageRecord;
  after: ImageRecord;
}

/** One owner's image records: their export, and their account's deletion. */
export interface OwnerImages {
  /** Newest first, strictly after `after` when given. */
  list(owner: Owner, options: { limit: number; after?: Position | undefined }): Promise<ImageRecord[]>;
  /** Deletes the verdicts of the owner's traces, then their records; how many records. */
  removeAll(owner: Owner): Promise<number>;
}

export interface ImageStore {
  readonly ofOwner: OwnerImages;
  /** Gets the store ready now (MongoDB: connection and indexes). */
  ensureIndexes(): Promise<void>;
  /** Records an image; one recorded already (a redelivered event) is left as it is. Answers the record. */
  add(image: NewImage): Promise<ImageRecord>;
  get(appId: string, id: string): Promise<ImageRecord | null>;
  byTrace(appId: string, traceId: string): Promise<ImageRecord | null>;
  /** Sets the trace of an image that has none; answers the record as it is after, or null. */
  setTrace(appId: string, id: string, traceId: string, now: Date): Promise<ImageRecord | null>;
  /** Keeps the first verdict for a trace; later ones for the same trace are ignored. */
  recordVerdict(appId: string, traceId: string, verdict: ImageVerdict, now: Date): Promise<void>;
  verdictOf(appId: string, traceId: string): Promise<ImageVerdict | null>;
  /** Moves an image from one of `from` to `to`; null when it is not there or in another status. */
  setStatus(
    appId: string,
    id: string,
    from: readonly ImageStatus[],
    to: ImageStatus,
    now: Date,
  ): Promise<StatusChange | null>;
  /** The status of each of these object keys that is recorded, by key: a record answers only for
   * its own full key (the same name under another owner's prefix is not it). */
  statuses(appId: string, keys: readonly string[]): Promise<Map<string, ImageStatus>>;
  /** New bytes at `key` (another ETag): the record starts again as `status`, with no trace, so a
   * verdict about the old bytes never covers the new. Null when the record already has `etag`. */
  renew(
    appId: string,
    key: string,
    etag: string,
    status: ImageStatus,
    now: Date,
  ): Promise<ImageRecord | null>;
  listByStatus(
    appId: string,
    status: ImageStatus,
    options: { limit: number; after?: Position | undefined },
  ): Promise<ImageRecord[]>;
  remove(appId: string, id: string): Promise<ImageRecord | null>;
  /** Notes that moderation saw an image at `at`; the first note is kept (npm run migrate reads it). */
  noteModerationStart(at: Date): Promise<void>;
  /** When moderation first saw an image, or null before it ever has. */
  moderationStart(): Promise<Date | null>;
}
