// Embedded UserStore for local runs: the same contract as MongoDB, kept in this process.
import {
  definedOnly,
  type LoginUpsert,
  type ProfilePatch,
  type StoredPhone,
  type UserRecord,
  type UserStore,
} from './store.js';

export class MemoryUserStore implements UserStore {
  /** Nothing to prepare in process. */
  async ensureIndexes(): Promise<void> {}

  private readonly users = new Map<string, UserRecord>();
  private readonly phones = new Map<string, StoredPhone>();

  async upsertOnLogin({ appId, openId, unionId, profile, now }: LoginUpsert): Promise<UserRecord> {
    const key = userKey(appId, openId);
    const existing = this.users.get(key);
    const user: UserRecord = existing
      ? { ...existing, ...definedOnly({ unionId }), updatedAt: now, lastLoginAt: now }
      : {
          ...definedOnly(profile ?? {}),
          ...definedOnly({ unionId }),
          appId,
          openId,
          createdAt: now,
          updatedAt: now,
          lastLoginAt: now,
        };
    this.users.set(key, user);
    return structuredClone(user);
  }

  async get(appId: string, openId: string): Promise<UserRecord | null> {
    const user = this.users.get(userKey(appId, openId));
    return user ? structuredClone(user) : null;
  }

  async updateProfile(
    appId: string,
    openId: string,
    patch: ProfilePatch,
    now: Date,
  ): Promise<UserRecord | null> {
    const key = userKey(appId, openId);
    const existing = this.users.get(key);
    if (!existing) return null;
    const user = { ...existing, ...definedOnly(patch), updatedAt: now };
    this.users.set(key, user);
    return structuredClone(user);
  }

  async clearAvatar(appId: string, openId: string, avatarUrl: string, now: Date): Promise<UserRecord | null> {
    const key = userKey(appId, openId);
    const existing = this.users.get(key);
    if (!existing || existing.avatarUrl !== avatarUrl) return null;
    const { avatarUrl: _gone, ...rest } = existing;
    const user = { ...rest, updatedAt: now };
    this.users.set(key, user);
    return structuredClone(user);
  }

  async setPhone(appId: string, openId: string, phone: StoredPhone | null, now: Date): Promise<boolean> {
    const key = userKey(appId, openId);
    const existing = this.users.get(key);
    if (!existing) return false;
    if (phone) this.phones.set(key, structuredClone(phone));
    else this.phones.delete(key);
    this.users.set(key, { ...existing, updatedAt: now });
    return true;
  }

  async getPhone(appId: string, openId: string): Promise<StoredPhone | null> {
    const phone = this.phones.get(userKey(appId, openId));
    return phone ? structuredClone(phone) : null;
  }
  async clearProfile(appId: string, openId: string, now: Date): Promise<UserRecord | null> {
    const key = userKey(appId, openId);
    const existing = this.users.get(key);
    if (!existing) return null;
    const { nickName: _n, avatarUrl: _a, ...rest } = existing;
    const user = { ...rest, updatedAt: now };
    this.users.set(key, user);
    return structuredClone(user);
  }

  async delete(appId: string, openId: string): Promise<boolean> {
    const key = userKey(appId, openId);
    this.phones.delete(key);
    return this.users.delete(key);
  }
}

function userKey(appId: string, openId: string): string {
  return `${appId}\u0000${openId}`;
}
