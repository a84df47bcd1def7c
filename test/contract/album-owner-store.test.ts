// The AlbumOwnerStore contract on Redis (standalone or cluster, as the run is) and embedded: an
// owner prefix names its openId per app, the latest grant's, and is forgotten after its TTL.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/platform/clock.js';
import { MemoryAlbumOwnerStore } from '../../lib/stores/album-owner/memory.js';
import { RedisAlbumOwnerStore } from '../../lib/stores/album-owner/redis.js';
import { type AlbumOwnerStore, OWNER_TTL_MS } from '../../lib/stores/album-owner/store.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

describe.each([
  ['redis', (): AlbumOwnerStore => new RedisAlbumOwnerStore(redis, `ao${randomBytes(3).toString('hex')}:`)],
  ['embedded', (): AlbumOwnerStore => new MemoryAlbumOwnerStore(new SettableClock())],
])('AlbumOwnerStore (%s)', (_, make) => {
  it('names the openId of an owner prefix, per app', async () => {
    const store = make();
    expect(await store.ownerOf('wxa', 'p1')).toBeNull();
    await Promise.all([store.remember('wxa', 'p1', 'ann'), store.remember('wxa', 'p1', 'ann')]);
    await store.remember('wxb', 'p1', 'carol');
    expect(await store.ownerOf('wxa', 'p1')).toBe('ann');
    expect(await store.ownerOf('wxb', 'p1')).toBe('carol');
    expect(await store.ownerOf('wxa', 'p2')).toBeNull();
  });
});

it('the Redis store keeps an owner for OWNER_TTL_MS, renewed by each grant', async () => {
  const prefix = `ao${randomBytes(3).toString('hex')}:`;
  const store = new RedisAlbumOwnerStore(redis, prefix);
  await store.remember('wxa', 'p1', 'ann');
  const ttl = await redis.pttl(`${prefix}ao:wxa:p1`);
  expect(ttl).toBeGreaterThan(OWNER_TTL_MS - 60_000);
  expect(ttl).toBeLessThanOrEqual(OWNER_TTL_MS);
});

it('the embedded store forgets an owner after OWNER_TTL_MS', async () => {
  const clock = new SettableClock();
  let now = Date.UTC(2026, 0, 1);
  clock.set(() => now);
  const store = new MemoryAlbumOwnerStore(clock);
  await store.remember('wxa', 'p1', 'ann');
  now += OWNER_TTL_MS - 1;
  expect(await store.ownerOf('wxa', 'p1')).toBe('ann');
  now += 1;
  expect(await store.ownerOf('wxa', 'p1')).toBeNull();
});
