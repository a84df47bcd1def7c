// Redis RateLimiter: counters under `<prefix>rl:<name>`, shared by every container.

import RateLimiterRedis from 'rate-limiter-flexible/lib/RateLimiterRedis.js';
import type { RedisClient } from '../../platform/redis/client.js';
import { limiterOver, type RateLimit, type RateLimiter } from './store.js';

export function redisRateLimiter(limit: RateLimit, redis: RedisClient, prefix: string): RateLimiter {
  return limiterOver(
    new RateLimiterRedis({
      points: limit.points,
      duration: limit.durationSeconds,
      storeClient: redis,
      keyPrefix: `${prefix}rl:${limit.name}`,
    }),
  );
}
