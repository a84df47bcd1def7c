// One UserStore contract, run against MongoDB (FerretDB) and the embedded store.
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MemoryUserStore } from '../../lib/stores/user/memory.js';
import { MongoUserStore } from '../../lib/stores/user/mongo.js';
import type { UserStore } from '../../lib/stores/user/store.js';

const mongo = new MongoClient(inject('mongoUrl'));
afterAll(() => mongo.close());

const implementations: Array<[string, () => UserStore]> = [
  ['mongodb', () => new MongoUserStore(async () => mongo.db(`c_${randomBytes(4).toString('hex')}`))],
  ['embedded', () => new MemoryUserStore()],
];

const at = (day: number) => new Date(Date.UTC(2026, 0, day));
const openId = () => `o${randomBytes(8).toString('hex')}`;

describe.each(implementations)('UserStore (%s)', (_name, make) => {
  it('creates a user on first login, applying the legacy profile only then', async () => {
    const store = make();
    const id = openId();
    const created = await store.upsertOnLogin({
      appId: 'wxa',
      openId: id,
      profile: { nickName: '第一次', gender: 2 },
      now: at(1),
    });
    expect(created).toEqual({
      appId: 'wxa',
      openId: id,
      nickName: '第一次',
      gender: 2,
      createdAt: at(1),
      updatedAt: at(1),
      lastLoginAt: at(1),
    });
    const again = await store.upsertOnLogin({
      appId: 'wxa',
      openId: id,
      unionId: 'u1',
      profile: { nickName: '微信用户' },
      now: at(2),
    });
    expect(again).toMatchObject({ nickName: '第一次', unionId: 'u1', createdAt: at(1), lastLoginAt: at(2) });
    expect(await store.get('wxa', id)).toEqual(again);
  });

  it('keeps one user per (appId, openId) under concurrent first logins', async () => {
    const store = make();
    const id = openId();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.upsertOnLogin({ appId: 'wxa', openId: id, now: at(3) })),
    );
    expect(new Set(results.map((u) => u.openId))).toEqual(new Set([id]));
    const other = await store.upsertOnLogin({ appId: 'wxb', openId: id, now: at(3) });
    expect(other.appId).toBe('wxb');
    expect((await store.get('wxa', id))?.appId).toBe('wxa');
  });

  it("keeps a user's phone apart from their profile: set, read, replace, remove; refused for an unknown user", async () => {
    const store = make();
    const id = openId();
    await store.upsertOnLogin({ appId: 'wxa', openId: id, now: at(1) });
    expect(await store.getPhone('wxa', id)).toBeNull();
    const phone = { sealed: 'v1.a.b.c', masked: '138****1234', countryCode: '86', boundAt: at(2) };
    expect(await store.setPhone('wxa', id, phone, at(2))).toBe(true);
    expect(await store.getPhone('wxa', id)).toEqual(phone);
    expect(await store.getPhone('wxa', openId())).toBeNull();
    // The profile never carries it.
    expect(await store.get('wxa', id)).not.toHaveProperty('phone');
    expect(await store.upsertOnLogin({ appId: 'wxa', openId: id, now: at(2) })).not.toHaveProperty('phone');
    const next = { ...phone, sealed: 'v1.d.e.f', masked: '139****0000', boundAt: at(3) };
    await store.setPhone('wxa', id, next, at(3));
    expect(await store.getPhone('wxa', id)).toEqual(next);
    expect(await store.setPhone('wxa', id, null, at(4))).toBe(true);
    expect(await store.getPhone('wxa', id)).toBeNull();
    expect(await store.setPhone('wxa', openId(), phone, at(4))).toBe(false);
  });

  it('updates the profile of an existing user and returns null for an unknown one', async () => {
    const store = make();
    const id = openId();
    await store.upsertOnLogin({ appId: 'wxa', openId: id, now: at(1) });
    const updated = await store.updateProfile(
      'wxa',
      id,
      { nickName: '改名 ✨', avatarUrl: undefined },
      at(4),
    );
    expect(updated).toMatchObject({ nickName: '改名 ✨', updatedAt: at(4), createdAt: at(1) });
    expect(updated).not.toHaveProperty('avatarUrl');
    expect(await store.updateProfile('wxa', openId(), { nickName: 'x' }, at(4))).toBeNull();
    expect(await store.get('wxa', openId())).toBeNull();
  });

  it('clears an avatar only while it is still the one named', async () => {
    const store = make();
    const id = openId();
    await store.upsertOnLogin({ appId: 'wxa', openId: id, now: at(1) });
    await store.updateProfile('wxa', id, { nickName: 'n', avatarUrl: 'album/wxa/p/a.png' }, at(2));
    expect(await store.clearAvatar('wxa', id, 'album/wxa/p/b.png', at(3))).toBeNull();
    expect(await store.clearAvatar('wxb', id, 'album/wxa/p/a.png', at(3))).toBeNull();
    const cleared = await store.clearAvatar('wxa', id, 'album/wxa/p/a.png', at(4));
    expect(cleared).toMatchObject({ nickName: 'n', updatedAt: at(4) });
    expect(cleared).not.toHaveProperty('avatarUrl');
    expect(await store.get('wxa', id)).not.toHaveProperty('avatarUrl');
    expect(await store.clearAvatar('wxa', id, 'album/wxa/p/a.png', at(5))).toBeNull();
  });
});

it('MongoUserStore keeps users unique on (appId, openId) with an index', async () => {
  const db = mongo.db(`c_${randomBytes(4).toString('hex')}`);
  await new MongoUserStore(async () => db).upsertOnLogin({ appId: 'wxa', openId: openId(), now: at(1) });
  const indexes = await db.collection('users').indexes();
  expect(indexes.find((i) => i.name === 'appId_openId_unique')).toMatchObject({
    key: { appId: 1, openId: 1 },
    unique: true,
  });
});
