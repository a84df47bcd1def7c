// UserStore: one user per (appId, openId) in MongoDB's `users`, or in process locally.
import type { UserView } from '../../../contract/wire.js';

/** A stored user: their own view plus bookkeeping. */
export interface UserRecord extends UserView {
  appId: string;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date;
}

/** Profile fields from the legacy wx.getUserInfo rawData / encryptedData, already verified. */
export type LegacyProfile = Pick<
  UserView,
  'nickName' | 'avatarUrl' | 'gender' | 'language' | 'city' | 'province' | 'country'
>;

export interface LoginUpsert {
  appId: string;
  openId: string;
  unionId?: string | undefined;
  /** Applied only when the user is created; afterwards /profile is the way to change it. */
  profile?: LegacyProfile | undefined;
  now: Date;
}

export interface ProfilePatch {
  nickName?: string | undefined;
  avatarUrl?: string | undefined;
}

export interface UserStore {
  /** Gets the store ready now (MongoDB: loads the driver, connects, creates the indexes): for npm
   * run migrate, and for a route's warm-up while the session is checked. */
  ensureIndexes(): Promise<void>;
  upsertOnLogin(input: LoginUpsert): Promise<UserRecord>;
  get(appId: string, openId: string): Promise<UserRecord | null>;
  updateProfile(appId: string, openId: string, patch: ProfilePatch, now: Date): Promise<UserRecord | null>;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
