// Fixed-window rate limits, shared by all containers through Redis (rate-limiter-flexible), or
// in process when running embedded.
import type { Redis } from 'ioredis';
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';
import { RateLimitedError, ServiceUnavailableError } from '../../platform/errors.js';

export interface RateLimiter {
  /** Counts one hit for `key`; throws ERR_RATE_LIMITED when over the limit. */
  consume(key: string): Promise<void>;
}

export interface RateLimit {
  name: string;
  points: number;
  durationSeconds: number;
}

export function createRateLimiter(limit: RateLimit, redis?: { client: Redis; prefix: string }): RateLimiter {
  const options = { points: limit.points, duration: limit.durationSeconds };
  const limiter = redis
    ? new RateLimiterRedis({
        ...options,
        storeClient: redis.client,
        keyPrefix: `${redis.prefix}rl:${limit.name}`,
      })
    : new RateLimiterMemory({ ...options, keyPrefix: `rl:${limit.name}` });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(err.msBeforeNext / 1000);
        throw new ServiceUnavailableError('Redis', err);
      }
    },
  };
}
