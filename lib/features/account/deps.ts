// What the account's use cases (export, deletion, WeChat's authorization pushes) are given.

import type { UserView } from '../../../contract/wire.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config/index.js';
import type { AlbumOwnerStore } from '../../stores/album-owner/store.js';
import type { AuditStore } from '../../stores/audit/store.js';
import type { CodeSessionStore } from '../../stores/code-session/store.js';
import type { CommentStore } from '../../stores/comment/store.js';
import type { DrawingStore } from '../../stores/drawing/store.js';
import type { GameStore } from '../../stores/game/store.js';
import type { ImageStore } from '../../stores/image/store.js';
import type { ObjectStore } from '../../stores/object/store.js';
import type { RateLimiter } from '../../stores/rate-limit/store.js';
import type { SessionStore } from '../../stores/session/store.js';
import type { UserStore } from '../../stores/user/store.js';

export interface AccountDeps {
  users: UserStore;
  sessions: SessionStore;
  codes: CodeSessionStore;
  drawings: DrawingStore;
  comments: CommentStore;
  images: ImageStore;
  owners: AlbumOwnerStore;
  objects: ObjectStore;
  audit: AuditStore;
  game: Pick<GameStore, 'leave' | 'endSession'>;
  /** The user snapshot in every session of theirs (after WeChat cleared their profile). */
  refreshUser(appId: string, openId: string, user: UserView): Promise<void>;
  /** The key phone numbers are sealed with (the export opens the caller's). */
  phoneKey(): Buffer;
  exportLimiter: RateLimiter;
  /** DELETE /me per user (DELETIONS_PER_MINUTE): a retry after a 503 is welcome, a loop is not. */
  deleteLimiter: RateLimiter;
  apps: Pick<Config, 'apps'>;
  clock: Clock;
}

/** Every store of an account's data: what an export reads and a deletion empties. */
export const ACCOUNT_STORES = [
  'users',
  'sessions',
  'codes',
  'drawings',
  'comments',
  'images',
  'owners',
  'objects',
  'audit',
  'game',
] as const satisfies readonly (keyof AccountDeps)[];

/** Who asked for a deletion: the user (DELETE /me) or WeChat (user_authorization_cancellation). */
export type DeletionTrigger = 'user' | 'wechat';

/** The largest number of items of one kind an export lists (and a deletion pages through). */
export const PAGE = 500;
