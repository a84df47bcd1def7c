// The RateLimiter contract, on Redis and embedded: `points` hits a window per key, then
// ERR_RATE_LIMITED with a retry-after; keys and limits are counted apart.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../lib/platform/errors.js';
import { memoryRateLimiter } from '../../lib/stores/rate-limit/memory.js';
import { redisRateLimiter } from '../../lib/stores/rate-limit/redis.js';
import type { RateLimit, RateLimiter } from '../../lib/stores/rate-limit/store.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
afterAll(() => redis.disconnect());
const prefix = `rl${randomBytes(3).toString('hex')}:`;

describe.each([
  ['redis', (limit: RateLimit): RateLimiter => redisRateLimiter(limit, redis, prefix)],
  ['embedded', (limit: RateLimit): RateLimiter => memoryRateLimiter(limit)],
])('RateLimiter (%s)', (_, make) => {
  it('allows `points` hits a window per key, then refuses with a retry-after', async () => {
    const limiter = make({ name: `a${randomBytes(3).toString('hex')}`, points: 2, durationSeconds: 60 });
    await limiter.consume('user-1');
    await limiter.consume('user-1');
    const refused = await limiter.consume('user-1').catch((e) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    await expect(limiter.consume('user-2')).resolves.toBeUndefined();
  });

  it('counts each named limit apart', async () => {
    const name = randomBytes(3).toString('hex');
    const one = make({ name: `one${name}`, points: 1, durationSeconds: 60 });
    const two = make({ name: `two${name}`, points: 1, durationSeconds: 60 });
    await one.consume('k');
    await expect(two.consume('k')).resolves.toBeUndefined();
    await expect(one.consume('k')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
