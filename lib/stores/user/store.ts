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

/** A user's phone number as stored: sealed (lib/features/phone/cipher.ts), with what may be shown. */
export interface StoredPhone {
  sealed: string;
  masked: string;
  countryCode: string;
  boundAt: Date;
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
  /** Removes the user's avatar if it still is `avatarUrl` (a refused image); the user after, or null
   * when there is no such user or their avatar is another one now. */
  clearAvatar(appId: string, openId: string, avatarUrl: string, now: Date): Promise<UserRecord | null>;
  /** Sets (or with null removes) the user's phone; false when there is no such user. */
  setPhone(appId: string, openId: string, phone: StoredPhone | null, now: Date): Promise<boolean>;
  getPhone(appId: string, openId: string): Promise<StoredPhone | null>;
  /** Removes the nickname and the avatar (WeChat's revoke or cleaning); the user after, or null. */
  clearProfile(appId: string, openId: string, now: Date): Promise<UserRecord | null>;
  /** Deletes the user, phone included; false when there was none (a repeat is harmless). */
  delete(appId: string, openId: string): Promise<boolean>;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
