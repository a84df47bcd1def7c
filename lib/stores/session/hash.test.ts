// The session hash's field names are written once; the Lua scripts read the same letters.
import { describe, expect, it } from 'vitest';
import { FIELD_ORDER, fromHash, HASH_FIELDS, LUA_FIELD_LIST, luaIndex, toHash } from './hash.js';
import { setSessionUser } from './set-user.lua.js';
import type { SessionRecord } from './store.js';
import { touchSession } from './touch.lua.js';

const record: SessionRecord = {
  uuid: '0f0e0d0c-0b0a-4908-8706-050403020100',
  skeyHash: 'ab'.repeat(32),
  appId: 'wxapp',
  openId: 'o-user',
  sessionKey: 'c2Vzc2lvbi1rZXktMTIzNA==',
  createdAt: 1,
  lastSeenAt: 2,
  absoluteExpiresAt: 3,
  slidingMs: 4,
  user: { openId: 'o-user', nickName: '名字' },
};

describe('the session hash', () => {
  it('round-trips a record through the hash fields in FIELD_ORDER', () => {
    const hash = toHash(record);
    expect(
      fromHash(
        record.uuid,
        FIELD_ORDER.map((f) => String(hash[HASH_FIELDS[f]])),
      ),
    ).toEqual(record);
  });

  it('reads a missing session as null', () => {
    expect(
      fromHash(
        record.uuid,
        FIELD_ORDER.map(() => null),
      ),
    ).toBeNull();
  });

  it('has one letter per field, and the skey hash first (the scripts test f[1] for existence)', () => {
    expect(new Set(Object.values(HASH_FIELDS)).size).toBe(FIELD_ORDER.length);
    expect(luaIndex('skeyHash')).toBe(1);
  });

  it('is what the scripts read and write', () => {
    expect(touchSession.lua).toContain(`redis.call('HMGET', session, ${LUA_FIELD_LIST})`);
    expect(touchSession.lua).toContain(`redis.call('HSET', session, '${HASH_FIELDS.lastSeenAt}', now)`);
    expect(touchSession.lua).toMatch(/^local session = KEYS\[1\]\nlocal skeyHash = ARGV\[1\]/);
    expect(setSessionUser.lua).toContain(`'${HASH_FIELDS.user}', user`);
  });
});
