// SessionStore: where our own login sessions live (Redis in production, in-process locally).
// Expiry is decided from the record's own timestamps against the caller's clock, so both
// implementations agree and tests can move time.
import type { UserView } from '../../../contract/wire.js';

export interface SessionRecord {
  uuid: string;
  /** sha256(skey), hex. The skey itself is never stored. */
  skeyHash: string;
  appId: string;
  openId: string;
  /** WeChat's session_key for this login; server-side only. */
  sessionKey: string;
  createdAt: number;
  lastSeenAt: number;
  absoluteExpiresAt: number;
  slidingMs: number;
  /** Snapshot of the user, refreshed on profile change, so authenticating needs one round trip. */
  user: UserView;
  /** The door the session was opened at (absent on sessions opened before doors were recorded). */
  door?: SessionDoor | undefined;
}

/** Where a session was opened: /login, the old SDKs' doors, a weapp-session code, the wafer
 * session server's /mina_auth/. */
export const SESSION_DOORS = ['login', 'wafer', 'wafer2', 'weapp-session', 'wxapp', 'mina_auth'] as const;
export type SessionDoor = (typeof SESSION_DOORS)[number];

export interface CreateOptions {
  maxPerUser: number;
}

export interface SessionStore {
  /** Stores a new session; drops the user's oldest sessions beyond `maxPerUser`. */
  create(record: SessionRecord, options: CreateOptions): Promise<void>;
  /**
   * Reads a session. When `skeyHash` matches, it is live at `now`, and its last slide is at least
   * `slideStep` old, it also slides it (lastSeenAt = now), atomically with the check. Returns what
   * is stored (after the slide), or null when unknown.
   */
  touch(uuid: string, skeyHash: string, now: number): Promise<SessionRecord | null>;
  delete(uuid: string): Promise<void>;
  /** Refreshes the user snapshot in every stored session of that user. */
  updateUser(appId: string, openId: string, user: UserView): Promise<void>;
  /** Every stored session of the user (live or within its retention), oldest first. */
  ofUser(appId: string, openId: string): Promise<SessionRecord[]>;
  /** Deletes every session of the user and the user's index; the uuids it deleted. */
  deleteUser(appId: string, openId: string): Promise<string[]>;
}

/** Stored sessions are kept this long past expiry so clients hear "expired" rather than "unknown". */
export const EXPIRED_RETENTION_MS = 86_400_000;

export function expiresAt(
  record: Pick<SessionRecord, 'lastSeenAt' | 'slidingMs' | 'absoluteExpiresAt'>,
): number {
  return Math.min(record.lastSeenAt + record.slidingMs, record.absoluteExpiresAt);
}

export function isLive(record: SessionRecord, now: number): boolean {
  return now < expiresAt(record);
}

/**
 * How stale lastSeenAt may get before a check writes it again: a minute, or a tenth of the sliding
 * window when that is shorter. Most checks are then a read only; a session unused for its sliding
 * lifetime still expires, to within this step.
 */
export function slideStep(record: Pick<SessionRecord, 'slidingMs'>): number {
  return Math.min(60_000, Math.floor(record.slidingMs / 10));
}

/** Whether a check at `now` with this skey hash moves the session's sliding expiry. */
export function slideDue(record: SessionRecord, skeyHash: string, now: number): boolean {
  return record.skeyHash === skeyHash && isLive(record, now) && now - record.lastSeenAt >= slideStep(record);
}
