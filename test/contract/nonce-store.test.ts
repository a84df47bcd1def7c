// The NonceStore contract on Redis and embedded: a claim is new once, a second claim sees it pending
// or done, a release lets the next delivery be new, and the window's TTL forgets it; two instances
// on one Redis share what they have seen.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/platform/clock.js';
import { MemoryNonceStore } from '../../lib/stores/nonce/memory.js';
import { RedisNonceStore } from '../../lib/stores/nonce/redis.js';
import type { NonceStore } from '../../lib/stores/nonce/store.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

describe.each([
  ['redis', (): NonceStore => new RedisNonceStore(redis, `nn${randomBytes(3).toString('hex')}:`)],
  ['embedded', (): NonceStore => new MemoryNonceStore()],
])('NonceStore (%s)', (_, make) => {
  it('claims a nonce once: then pending, done once finished; forgotten after its window', async () => {
    const store = make();
    expect(await store.claim('1700000000:n1', 300)).toBe('new');
    expect(await store.claim('1700000000:n1', 300)).toBe('pending');
    await store.finish('1700000000:n1', 300);
    expect(await store.claim('1700000000:n1', 300)).toBe('done');
    expect(await store.claim('1700000000:n2', 300)).toBe('new');
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.claim('1700000000:n1', 300)).toBe('new');
  });

  it('a released claim is new again (a failed handling is retried)', async () => {
    const store = make();
    expect(await store.claim('k', 60_000)).toBe('new');
    await store.release('k');
    expect(await store.claim('k', 60_000)).toBe('new');
  });

  it('of many claims of one nonce at once, exactly one is new', async () => {
    const store = make();
    const states = await Promise.all(Array.from({ length: 20 }, () => store.claim('race', 60_000)));
    expect(states.filter((s) => s === 'new')).toHaveLength(1);
  });
});

describe('NonceStore shared through Redis', () => {
  it('what one instance claimed, another sees', async () => {
    const prefix = `nn${randomBytes(3).toString('hex')}:`;
    const [a, b] = [new RedisNonceStore(redis, prefix), new RedisNonceStore(redis, prefix)];
    expect(await a.claim('shared', 60_000)).toBe('new');
    await a.finish('shared', 60_000);
    expect(await b.claim('shared', 60_000)).toBe('done');
  });
});

describe('the embedded NonceStore stays bounded', () => {
  it('keeps at most 10,000 nonces, dropping the oldest', async () => {
    const clock = new SettableClock();
    const store = new MemoryNonceStore(clock);
    for (let i = 0; i < 10_050; i++) await store.claim(`k${i}`, 3_600_000);
    expect(await store.claim('k0', 3_600_000)).toBe('new');
    expect(await store.claim('k10049', 3_600_000)).toBe('pending');
  });
});
