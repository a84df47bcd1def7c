// The CodeSessionStore contract on Redis and embedded: a binding lives for its TTL, revoking
// replaces it, unknown codes are null.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/platform/clock.js';
import { MemoryCodeSessionStore } from '../../lib/stores/code-session/memory.js';
import { RedisCodeSessionStore } from '../../lib/stores/code-session/redis.js';
import type { CodeSessionStore } from '../../lib/stores/code-session/store.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

describe.each([
  ['redis', (): CodeSessionStore => new RedisCodeSessionStore(redis, `cs${randomBytes(3).toString('hex')}:`)],
  ['embedded', (): CodeSessionStore => new MemoryCodeSessionStore(new SettableClock())],
])('CodeSessionStore (%s)', (_, make) => {
  const binding = { uuid: '0f0e0d0c-0b0a-4908-8706-050403020100', skeyHash: 'ab'.repeat(32) };
  const ann = { appId: 'wxa', openId: 'o-ann' };
  const bob = { appId: 'wxa', openId: 'o-bob' };

  it('binds a code hash to a session, and forgets it after its TTL', async () => {
    const store = make();
    expect(await store.get('h1')).toBeNull();
    await store.bind('h1', binding, 200, ann);
    expect(await store.get('h1')).toEqual(binding);
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.get('h1')).toBeNull();
  });

  it('revokes a code: it names no session any more', async () => {
    const store = make();
    await store.bind('h2', binding, 60_000, ann);
    await store.revoke('h2', 60_000);
    expect(await store.get('h2')).toBe('revoked');
  });

  it("revokes every code of one user at once (an account deleted), and no other user's; twice is harmless", async () => {
    const store = make();
    await store.bind('a1', binding, 60_000, ann);
    await store.bind('a2', { ...binding, uuid: '1f0e0d0c-0b0a-4908-8706-050403020100' }, 60_000, ann);
    await store.bind('b1', binding, 60_000, bob);
    await store.revokeAllOf(ann, 60_000);
    expect(await store.get('a1')).toBe('revoked');
    expect(await store.get('a2')).toBe('revoked');
    expect(await store.get('b1')).toEqual(binding);
    await store.revokeAllOf(ann, 60_000);
    expect(await store.get('a1')).toBe('revoked');
    // A code bound after the deletion (a new login of the same person) is listed afresh.
    await store.bind('a3', binding, 60_000, ann);
    await store.revokeAllOf(ann, 60_000);
    expect(await store.get('a3')).toBe('revoked');
  });
});
