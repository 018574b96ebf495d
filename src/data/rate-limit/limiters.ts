import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../core/shared/errors.js';

export interface LimitRule {
  /** Key prefix, unique per rule, so rules never share counters. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** CONTRACT.md, "Rate limits". */
export const RATE_LIMITS = {
  loginFailuresPerEmail: { name: 'login-email', points: 5, durationSeconds: 15 * 60 },
  loginFailuresPerIp: { name: 'login-ip', points: 20, durationSeconds: 15 * 60 },
  requestsPerIp: { name: 'requests-ip', points: 1000, durationSeconds: 60 },
} as const satisfies Record<string, LimitRule>;

/**
 * A limiter whose counters live in Redis when a client is given (shared by all
 * instances), in this process otherwise. With Redis, an in-process limiter is
 * the insurance: if Redis stops answering, limits still hold per instance
 * instead of failing every request.
 */
export function createLimiter(rule: LimitRule, redis?: Redis): RateLimiterAbstract {
  const options = { keyPrefix: `rl:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}

/** Takes a point, or throws TooManyRequestsError with whole seconds to wait. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) {
      throw new TooManyRequestsError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    }
    throw rejection;
  }
}
