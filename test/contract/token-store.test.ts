// The access-token cache contract, run against Redis and the embedded store.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/platform/clock.js';
import { MemoryTokenStore } from '../../lib/stores/token/memory.js';
import { RedisTokenStore } from '../../lib/stores/token/redis.js';
import type { TokenStore } from '../../lib/stores/token/store.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());

describe.each([
  ['redis', (): TokenStore => new RedisTokenStore(redis, `k${randomBytes(4).toString('hex')}:`)],
  ['embedded', (): TokenStore => new MemoryTokenStore(new SettableClock())],
])('TokenStore (%s)', (_name, make) => {
  it('keeps a token per app until its ttl', async () => {
    const store = make();
    expect(await store.get('wxa')).toBeNull();
    await store.put('wxa', { token: 't1', expiresAt: 123 }, 150);
    await store.put('wxb', { token: 't2', expiresAt: 456 }, 10_000);
    expect(await store.get('wxa')).toEqual({ token: 't1', expiresAt: 123 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.get('wxa')).toBeNull();
    expect(await store.get('wxb')).toEqual({ token: 't2', expiresAt: 456 });
  });

  it('lets one holder at a time take the refresh lock; release frees it', async () => {
    const store = make();
    const first = await store.lock('wxa', 5000);
    expect(first).not.toBeNull();
    expect(await store.lock('wxa', 5000)).toBeNull();
    expect(await store.lock('wxb', 5000)).not.toBeNull();
    await first!();
    expect(await store.lock('wxa', 5000)).not.toBeNull();
  });

  it('a lock expires by itself if its holder dies', async () => {
    const store = make();
    expect(await store.lock('wxc', 100)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 150));
    expect(await store.lock('wxc', 100)).not.toBeNull();
  });
});
