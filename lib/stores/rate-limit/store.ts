// RateLimiter: fixed-window limits per key (a user, an IP), shared by all containers through Redis
// or kept in process when running embedded. Both are rate-limiter-flexible underneath.
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
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

/** Our contract over a rate-limiter-flexible limiter: its refusal is 429, anything else 503. */
export function limiterOver(limiter: Pick<RateLimiterAbstract, 'consume'>): RateLimiter {
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
