// One SessionStore contract, run against Redis and the embedded store, so they cannot drift.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../lib/stores/session/memory.js';
import { RedisSessionStore } from '../../lib/stores/session/redis.js';
import type { SessionRecord, SessionStore } from '../../lib/stores/session/store.js';
import { userTag } from '../../lib/stores/session/tag.js';
import { clusterMode, keysMatching, testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

const implementations: Array<[string, () => SessionStore]> = [
  ['redis', () => new RedisSessionStore(redis, `c${randomBytes(4).toString('hex')}:`, clusterMode())],
  ['embedded', () => new MemorySessionStore()],
];

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** A record as SessionService makes one: its uuid starts with the user's slot tag. */
function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const r: SessionRecord = {
    uuid: '',
    skeyHash: randomBytes(32).toString('hex'),
    appId: 'wxapp',
    openId: `o${randomBytes(6).toString('hex')}`,
    sessionKey: randomBytes(16).toString('base64'),
    createdAt: T0,
    lastSeenAt: T0,
    absoluteExpiresAt: T0 + 30 * DAY,
    slidingMs: 7 * DAY,
    user: { openId: 'o', nickName: '测试 🧪' },
    ...overrides,
  };
  return { ...r, uuid: r.uuid || `${userTag(r.appId, r.openId)}${randomUUID().slice(8)}` };
}

describe.each(implementations)('SessionStore (%s)', (_name, make) => {
  it('returns what was stored, and slides lastSeenAt when the skey hash matches', async () => {
    const store = make();
    const r = record();
    await store.create(r, { maxPerUser: 10 });
    const touched = await store.touch(r.uuid, r.skeyHash, T0 + DAY);
    expect(touched).toEqual({ ...r, lastSeenAt: T0 + DAY });
    expect((await store.touch(r.uuid, r.skeyHash, T0 + 2 * DAY))?.lastSeenAt).toBe(T0 + 2 * DAY);
  });

  it('slides at most once a slide step (a minute here): checks in between only read', async () => {
    const store = make();
    const r = record();
    await store.create(r, { maxPerUser: 10 });
    for (const at of [1_000, 30_000, 59_999])
      expect((await store.touch(r.uuid, r.skeyHash, T0 + at))?.lastSeenAt).toBe(T0);
    expect((await store.touch(r.uuid, r.skeyHash, T0 + 60_000))?.lastSeenAt).toBe(T0 + 60_000);
    expect((await store.touch(r.uuid, r.skeyHash, T0 + 90_000))?.lastSeenAt).toBe(T0 + 60_000);
    // A short sliding window slides in steps of a tenth of it.
    const short = record({ slidingMs: 10_000 });
    await store.create(short, { maxPerUser: 10 });
    expect((await store.touch(short.uuid, short.skeyHash, T0 + 999))?.lastSeenAt).toBe(T0);
    expect((await store.touch(short.uuid, short.skeyHash, T0 + 1_000))?.lastSeenAt).toBe(T0 + 1_000);
  });

  it('does not slide a session for a wrong skey hash', async () => {
    const store = make();
    const r = record();
    await store.create(r, { maxPerUser: 10 });
    const wrong = await store.touch(r.uuid, randomBytes(32).toString('hex'), T0 + DAY);
    expect(wrong?.lastSeenAt).toBe(T0);
    expect((await store.touch(r.uuid, r.skeyHash, T0 + DAY))?.lastSeenAt).toBe(T0 + DAY);
  });

  it('does not revive a session past its sliding or its absolute lifetime', async () => {
    const store = make();
    const idle = record();
    await store.create(idle, { maxPerUser: 10 });
    expect((await store.touch(idle.uuid, idle.skeyHash, T0 + 7 * DAY))?.lastSeenAt).toBe(T0);

    const old = record({ slidingMs: 40 * DAY });
    await store.create(old, { maxPerUser: 10 });
    expect((await store.touch(old.uuid, old.skeyHash, T0 + 29 * DAY))?.lastSeenAt).toBe(T0 + 29 * DAY);
    expect((await store.touch(old.uuid, old.skeyHash, T0 + 30 * DAY))?.lastSeenAt).toBe(T0 + 29 * DAY);
  });

  it('returns null for an unknown uuid and after delete', async () => {
    const store = make();
    expect(await store.touch(randomUUID(), 'ab'.repeat(32), T0)).toBeNull();
    const r = record();
    await store.create(r, { maxPerUser: 10 });
    await store.delete(r.uuid);
    expect(await store.touch(r.uuid, r.skeyHash, T0)).toBeNull();
  });

  it('keeps at most maxPerUser sessions per user, dropping the oldest', async () => {
    const store = make();
    const first = record();
    const sessions = [first];
    for (let i = 1; i < 11; i++)
      sessions.push(record({ openId: first.openId, createdAt: T0 + i, lastSeenAt: T0 + i }));
    for (const s of sessions) await store.create(s, { maxPerUser: 10 });
    expect(await store.touch(first.uuid, first.skeyHash, T0 + 20)).toBeNull();
    for (const s of sessions.slice(1)) expect(await store.touch(s.uuid, s.skeyHash, T0 + 20)).not.toBeNull();
    // The cap is per app: the same openId in another mini program drops none of these.
    const other = record({ appId: 'wxother', openId: first.openId });
    await store.create(other, { maxPerUser: 10 });
    expect(await store.touch(other.uuid, other.skeyHash, T0 + 20)).not.toBeNull();
    for (const s of sessions.slice(1)) expect(await store.touch(s.uuid, s.skeyHash, T0 + 20)).not.toBeNull();
  });

  it('refreshes the user snapshot in every session of that user only', async () => {
    const store = make();
    const a = record();
    const b = record({ openId: a.openId, createdAt: T0 + 1 });
    const stranger = record();
    for (const s of [a, b, stranger]) await store.create(s, { maxPerUser: 10 });
    await store.delete(b.uuid);
    await store.updateUser(a.appId, a.openId, { openId: a.openId, nickName: '新名字' });
    expect((await store.touch(a.uuid, a.skeyHash, T0))?.user.nickName).toBe('新名字');
    expect(await store.touch(b.uuid, b.skeyHash, T0)).toBeNull();
    expect((await store.touch(stranger.uuid, stranger.skeyHash, T0))?.user.nickName).toBe('测试 🧪');
  });
});

describe('RedisSessionStore writes only when a slide is due', () => {
  it('checks within the step leave the hash and its TTL alone', async () => {
    const prefix = `sw${randomBytes(3).toString('hex')}:`;
    const store = new RedisSessionStore(redis, prefix, clusterMode());
    const r = record({
      createdAt: Date.now(),
      lastSeenAt: Date.now(),
      absoluteExpiresAt: Date.now() + 30 * DAY,
    });
    await store.create(r, { maxPerUser: 10 });
    const [key] = await keysMatching(redis, `${prefix}s:*${r.uuid}`);
    if (!key) throw new Error('the session hash was not written');
    const ttl = await redis.pttl(key);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20; i++) await store.touch(r.uuid, r.skeyHash, Date.now());
    const afterReads = await redis.pttl(key);
    expect(afterReads).toBeLessThan(ttl);
    await store.touch(r.uuid, r.skeyHash, Date.now() + 61_000);
    expect(await redis.pttl(key)).toBeGreaterThan(afterReads);
  });
});
