// What the account's export and deletion ask of each store, run against the real stores (Redis,
// MongoDB on FerretDB) and the embedded ones: one user's things listed and deleted, another
// user's left as they were, and every deletion safe to run again.
import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryAlbumOwnerStore } from '../../lib/stores/album-owner/memory.js';
import { RedisAlbumOwnerStore } from '../../lib/stores/album-owner/redis.js';
import { MemoryAuditStore } from '../../lib/stores/audit/memory.js';
import { MongoAuditStore } from '../../lib/stores/audit/mongo.js';
import type { AuditEntry } from '../../lib/stores/audit/store.js';
import { MemoryCommentStore } from '../../lib/stores/comment/memory.js';
import { MongoCommentStore } from '../../lib/stores/comment/mongo.js';
import { MemoryDrawingStore } from '../../lib/stores/drawing/memory.js';
import { MongoDrawingStore } from '../../lib/stores/drawing/mongo.js';
import { MemoryImageStore } from '../../lib/stores/image/memory.js';
import { MongoImageStore } from '../../lib/stores/image/mongo.js';
import { MongoOwnerImages } from '../../lib/stores/image/owner-mongo.js';
import { MemorySessionStore } from '../../lib/stores/session/memory.js';
import { RedisSessionStore } from '../../lib/stores/session/redis.js';
import type { SessionDoor, SessionRecord } from '../../lib/stores/session/store.js';
import { userTag } from '../../lib/stores/session/tag.js';
import { MemoryUserStore } from '../../lib/stores/user/memory.js';
import { MongoUserStore } from '../../lib/stores/user/mongo.js';
import { clusterMode, testRedis } from '../support/redis.js';

const mongo = new MongoClient(inject('mongoUrl'));
const redis = testRedis();
afterAll(async () => {
  await mongo.close();
  redis.disconnect();
});
const db = () => {
  const d = mongo.db(`c_${randomBytes(4).toString('hex')}`);
  return async () => d;
};
const prefix = () => `a${randomBytes(4).toString('hex')}:`;
const T0 = Date.UTC(2026, 0, 1);
const at = (minute: number) => new Date(T0 + minute * 60_000);
const owner = () => ({ appId: 'wxa', openId: `o${randomBytes(8).toString('hex')}` });

const stores = (real: boolean) => ({
  users: real ? new MongoUserStore(db()) : new MemoryUserStore(),
  sessions: real ? new RedisSessionStore(redis, prefix(), clusterMode()) : new MemorySessionStore(),
  owners: real ? new RedisAlbumOwnerStore(redis, prefix()) : new MemoryAlbumOwnerStore(),
  drawings: real ? new MongoDrawingStore(db()) : new MemoryDrawingStore(),
  comments: real ? new MongoCommentStore(db()) : new MemoryCommentStore(),
  images: real ? new MongoImageStore(db()) : new MemoryImageStore(),
  audit: real ? new MongoAuditStore(db()) : new MemoryAuditStore(),
});

function session(who: { appId: string; openId: string }, door: SessionDoor, minute: number): SessionRecord {
  return {
    uuid: `${userTag(who.appId, who.openId)}${randomUUID().slice(8)}`,
    skeyHash: randomBytes(32).toString('hex'),
    ...who,
    sessionKey: 'k',
    createdAt: T0 + minute,
    lastSeenAt: T0 + minute,
    absoluteExpiresAt: T0 + 86_400_000,
    slidingMs: 3_600_000,
    user: { openId: who.openId, nickName: 'n' },
    door,
  };
}

describe.each([
  ['redis and mongodb', true],
  ['embedded', false],
])('the stores an account spans (%s)', (_name, real) => {
  it('users: clears the profile, deletes the user and the phone; twice is harmless', async () => {
    const { users } = stores(real);
    const [ann, bob] = [owner(), owner()];
    for (const who of [ann, bob]) {
      await users.upsertOnLogin({
        ...who,
        now: at(0),
        profile: { nickName: 'N', avatarUrl: 'https://x/a.png', city: 'C' },
      });
      await users.setPhone(
        who.appId,
        who.openId,
        { sealed: 's', masked: 'm', countryCode: '86', boundAt: at(0) },
        at(0),
      );
    }
    const cleared = await users.clearProfile(ann.appId, ann.openId, at(1));
    expect(cleared).toMatchObject({ openId: ann.openId, city: 'C', updatedAt: at(1) });
    expect(cleared).not.toHaveProperty('nickName');
    expect(cleared).not.toHaveProperty('avatarUrl');
    expect(await users.delete(ann.appId, ann.openId)).toBe(true);
    expect(await users.delete(ann.appId, ann.openId)).toBe(false);
    expect(await users.get(ann.appId, ann.openId)).toBeNull();
    expect(await users.getPhone(ann.appId, ann.openId)).toBeNull();
    expect(await users.clearProfile(ann.appId, ann.openId, at(2))).toBeNull();
    expect(await users.get(bob.appId, bob.openId)).toMatchObject({ nickName: 'N' });
    expect(await users.getPhone(bob.appId, bob.openId)).not.toBeNull();
    // A later login of the same person makes a new, empty user.
    expect(await users.upsertOnLogin({ ...ann, now: at(3) })).toEqual({
      ...ann,
      createdAt: at(3),
      updatedAt: at(3),
      lastLoginAt: at(3),
    });
  });

  it("sessions: lists a user's sessions with their doors, deletes them all at once", async () => {
    const { sessions } = stores(real);
    const [ann, bob] = [owner(), owner()];
    const mine = [session(ann, 'login', 1), session(ann, 'wafer', 2), session(ann, 'weapp-session', 3)];
    for (const s of [...mine, session(bob, 'mina_auth', 4)]) await sessions.create(s, { maxPerUser: 10 });
    const listed = await sessions.ofUser(ann.appId, ann.openId);
    expect(listed.map((s) => [s.uuid, s.door])).toEqual(mine.map((s) => [s.uuid, s.door]));
    expect(listed[0]).toEqual(mine[0]);
    expect((await sessions.deleteUser(ann.appId, ann.openId)).sort()).toEqual(mine.map((s) => s.uuid).sort());
    expect(await sessions.deleteUser(ann.appId, ann.openId)).toEqual([]);
    for (const s of mine) expect(await sessions.touch(s.uuid, s.skeyHash, T0 + 10)).toBeNull();
    expect(await sessions.ofUser(ann.appId, ann.openId)).toEqual([]);
    expect(await sessions.ofUser(bob.appId, bob.openId)).toHaveLength(1);
    // A session stored before doors were recorded reads without one.
    const { door: _door, ...old } = session(ann, 'login', 5);
    await sessions.create(old, { maxPerUser: 10 });
    expect((await sessions.ofUser(ann.appId, ann.openId))[0]).not.toHaveProperty('door');
  });

  it('album owners: a forgotten grant names nobody', async () => {
    const { owners } = stores(real);
    await owners.remember('wxa', 'f'.repeat(32), 'o-ann');
    await owners.remember('wxa', 'e'.repeat(32), 'o-bob');
    await owners.forget('wxa', 'f'.repeat(32));
    await owners.forget('wxa', 'f'.repeat(32));
    expect(await owners.ownerOf('wxa', 'f'.repeat(32))).toBeNull();
    expect(await owners.ownerOf('wxa', 'e'.repeat(32))).toBe('o-bob');
  });

  it("drawings and comments: one owner's, listed and deleted; another's kept", async () => {
    const { drawings, comments } = stores(real);
    const [ann, bob] = [owner(), owner()];
    for (const [who, n] of [
      [ann, 3],
      [bob, 1],
    ] as const)
      for (let i = 0; i < n; i++) {
        const id = `${who.openId.slice(1, 9)}${i}`.padEnd(16, '0');
        await drawings.save(who, { id, title: 't', createdAt: at(i), actionCount: 0, actions: [] });
        const status = i === 1 ? ('hidden' as const) : ('visible' as const);
        await comments.add({
          ...who,
          id,
          vid: `v${i}`,
          content: 'c',
          status,
          createdAt: at(i),
          author: { nickName: 'n', avatarUrl: '' },
        });
      }
    const listed = await comments.ofOwner(ann, { limit: 2 });
    expect(listed.map((c) => c.createdAt)).toEqual([at(2), at(1)]);
    expect(listed[1]?.status).toBe('hidden');
    expect((await comments.ofOwner(ann, { limit: 5, after: listed[1] })).map((c) => c.createdAt)).toEqual([
      at(0),
    ]);
    expect(await drawings.deleteAllOf(ann)).toBe(3);
    expect(await comments.deleteAllOf(ann)).toBe(3);
    expect(await drawings.deleteAllOf(ann)).toBe(0);
    expect(await comments.deleteAllOf(ann)).toBe(0);
    expect(await drawings.list(ann, { limit: 10 })).toEqual([]);
    expect(await comments.ofOwner(ann, { limit: 10 })).toEqual([]);
    expect(await drawings.list(bob, { limit: 10 })).toHaveLength(1);
    expect(await comments.ofOwner(bob, { limit: 10 })).toHaveLength(1);
  });

  it("images: one owner's records listed, then removed with their traces' verdicts", async () => {
    const { images } = stores(real);
    if (real) expect(images.ofOwner).toBeInstanceOf(MongoOwnerImages);
    const [ann, bob] = [owner(), owner()];
    for (const [who, tag] of [
      [ann, 'a'],
      [ann, 'b'],
      [bob, 'c'],
    ] as const) {
      const id = `00000000${tag}-${tag.repeat(16)}.png`;
      await images.add({
        id,
        key: `album/wxa/${'0'.repeat(32)}/${id}`,
        ...who,
        status: 'pending',
        createdAt: at(tag.charCodeAt(0)),
      });
      await images.setTrace(who.appId, id, `trace-${tag}`, at(100));
      await images.recordVerdict(who.appId, `trace-${tag}`, 'pass', at(100));
    }
    expect((await images.ofOwner.list(ann, { limit: 10 })).map((i) => i.traceId)).toEqual([
      'trace-b',
      'trace-a',
    ]);
    expect(await images.ofOwner.removeAll(ann)).toBe(2);
    expect(await images.ofOwner.removeAll(ann)).toBe(0);
    expect(await images.ofOwner.list(ann, { limit: 10 })).toEqual([]);
    expect(await images.verdictOf('wxa', 'trace-a')).toBeNull();
    expect(await images.verdictOf('wxa', 'trace-c')).toBe('pass');
    expect(await images.ofOwner.list(bob, { limit: 10 })).toHaveLength(1);
  });

  it('audit: entries about a subject (or naming its author, from before subjects), rewritten; put replaces', async () => {
    const { audit } = stores(real);
    const entry = (id: string, extra: Partial<AuditEntry>): AuditEntry => ({
      id,
      appId: 'wxa',
      actor: 'o-mod',
      action: 'comment.status',
      target: `comment:${id}`,
      before: { status: 'visible' },
      after: { status: 'hidden' },
      createdAt: at(id.charCodeAt(0)),
      ...extra,
    });
    await audit.add(entry('a', { subject: 'S-ann' }));
    await audit.add(
      entry('b', { before: { content: 'hi', author: { openId: 'o-ann', nickName: 'Ann' } }, after: null }),
    );
    await audit.add(entry('c', { subject: 'S-bob' }));
    expect((await audit.about('wxa', 'S-ann', 'o-ann', 10)).map((e) => e.id)).toEqual(['b', 'a']);
    await audit.rewrite('wxa', 'b', {
      before: { author: { subject: 'S-ann' } },
      after: null,
      subject: 'S-ann',
    });
    const [b] = await audit.about('wxa', 'S-ann', 'o-ann', 1);
    expect(b).toMatchObject({ id: 'b', before: { author: { subject: 'S-ann' } }, subject: 'S-ann' });
    expect(JSON.stringify(await audit.list('wxa', { limit: 10 }))).not.toContain('o-ann');
    await audit.put(entry('d', { action: 'account.delete', after: { trigger: 'user' } }));
    await audit.put(entry('d', { action: 'account.delete', after: { trigger: 'wechat' } }));
    const deletions = (await audit.list('wxa', { limit: 10 })).filter((e) => e.id === 'd');
    expect(deletions).toEqual([expect.objectContaining({ after: { trigger: 'wechat' } })]);
    expect(await audit.about('wxa', 'S-bob', 'o-bob', 10)).toHaveLength(1);
  });
});
