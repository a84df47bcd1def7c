// Embedded RateLimiter for local runs: the same limits, counted in this process.
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import { limiterOver, type RateLimit, type RateLimiter } from './store.js';

export function memoryRateLimiter(limit: RateLimit): RateLimiter {
  return limiterOver(
    new RateLimiterMemory({
      points: limit.points,
      duration: limit.durationSeconds,
      keyPrefix: `rl:${limit.name}`,
    }),
  );
}
