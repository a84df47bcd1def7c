// Embedded SessionStore for local runs: the same contract as Redis, kept in this process.
import type { UserView } from '../../../contract/wire.js';
import {
  type CreateOptions,
  EXPIRED_RETENTION_MS,
  expiresAt,
  type SessionRecord,
  type SessionStore,
  slideDue,
} from './store.js';

export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly byUser = new Map<string, string[]>();

  async create(record: SessionRecord, { maxPerUser }: CreateOptions): Promise<void> {
    this.sweep(record.createdAt);
    this.sessions.set(record.uuid, structuredClone(record));
    const key = userKey(record.appId, record.openId);
    const list = (this.byUser.get(key) ?? []).filter((uuid) => this.sessions.has(uuid));
    list.push(record.uuid);
    while (list.length > maxPerUser) this.sessions.delete(list.shift()!);
    this.byUser.set(key, list);
  }

  async touch(uuid: string, skeyHash: string, now: number): Promise<SessionRecord | null> {
    const record = this.sessions.get(uuid);
    if (!record) return null;
    if (now > expiresAt(record) + EXPIRED_RETENTION_MS) {
      await this.delete(uuid);
      return null;
    }
    if (slideDue(record, skeyHash, now)) record.lastSeenAt = now;
    return structuredClone(record);
  }

  async delete(uuid: string): Promise<void> {
    const record = this.sessions.get(uuid);
    if (!record) return;
    this.sessions.delete(uuid);
    const key = userKey(record.appId, record.openId);
    this.byUser.set(
      key,
      (this.byUser.get(key) ?? []).filter((u) => u !== uuid),
    );
  }

  private liveOf(appId: string, openId: string): string[] {
    return (this.byUser.get(userKey(appId, openId)) ?? []).filter((uuid) => this.sessions.has(uuid));
  }

  async updateUser(appId: string, openId: string, user: UserView): Promise<void> {
    for (const uuid of this.liveOf(appId, openId)) {
      const record = this.sessions.get(uuid);
      if (record) record.user = structuredClone(user);
    }
  }

  async ofUser(appId: string, openId: string): Promise<SessionRecord[]> {
    return this.liveOf(appId, openId).map((uuid) => structuredClone(this.sessions.get(uuid)!));
  }

  async deleteUser(appId: string, openId: string): Promise<string[]> {
    const uuids = this.liveOf(appId, openId);
    for (const uuid of uuids) this.sessions.delete(uuid);
    this.byUser.delete(userKey(appId, openId));
    return uuids;
  }

  /** Forgets sessions past their retention, as Redis's TTL would. */
  private sweep(now: number): void {
    for (const [uuid, record] of this.sessions) {
      if (now > expiresAt(record) + EXPIRED_RETENTION_MS) void this.delete(uuid);
    }
  }
}

function userKey(appId: string, openId: string): string {
  return `${appId}\u0000${openId}`;
}
