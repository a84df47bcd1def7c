// Redis RateLimiter: counters under `<prefix>rl:<name>`, shared by every container.
import type { Redis } from 'ioredis';
import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import { limiterOver, type RateLimit, type RateLimiter } from './store.js';

export function redisRateLimiter(limit: RateLimit, redis: Redis, prefix: string): RateLimiter {
  return limiterOver(
    new RateLimiterRedis({
      points: limit.points,
      duration: limit.durationSeconds,
      storeClient: redis,
      keyPrefix: `${prefix}rl:${limit.name}`,
    }),
  );
}
