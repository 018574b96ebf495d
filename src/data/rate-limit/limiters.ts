import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyRequestsError } from '../../core/shared/errors.js';
import { InsuredRedisLimiter, type Limiter } from './insured-limiter.js';

export type { Limiter } from './insured-limiter.js';

export interface LimitRule {
  /** Key prefix, unique per rule, so rules never share counters. */
  name: string;
  points: number;
  durationSeconds: number;
}

const DAY = 24 * 60 * 60;

/** CONTRACT.md, "Rate limits". */
export const RATE_LIMITS = {
  /** rate-limiter-flexible's limiterConsecutiveFailsByUsernameAndIP: a success deletes the key. */
  loginConsecutiveFailuresPerEmailAndIp: { name: 'login-fails-email-ip', points: 10, durationSeconds: 15 * 60 },
  /** Slow guessing at one account from many addresses. */
  loginFailuresPerEmailPerDay: { name: 'login-fails-email-day', points: 100, durationSeconds: DAY },
  /** rate-limiter-flexible's limiterSlowBruteByIP: one client guessing at many accounts. */
  loginFailuresPerIpPerDay: { name: 'login-fails-ip-day', points: 100, durationSeconds: DAY },
  requestsPerIp: { name: 'requests-ip', points: 1000, durationSeconds: 60 },
} as const satisfies Record<string, LimitRule>;

/**
 * A limiter whose counters live in Redis when a client is given (shared by all
 * instances), in this process otherwise. With Redis, a warm in-process copy is
 * the insurance: if Redis stops answering, the limits hold per instance, from
 * the counts already made, instead of failing every request.
 */
export function createLimiter(rule: LimitRule, redis?: Redis): Limiter {
  const options = { keyPrefix: `rl:${rule.name}`, points: rule.points, duration: rule.durationSeconds };
  if (!redis) return new RateLimiterMemory(options);
  return new InsuredRedisLimiter(new RateLimiterRedis({ ...options, storeClient: redis }), new RateLimiterMemory(options), () => redis.status === 'ready');
}

/** The seconds a refusal asks the client to wait: whole, at least one. */
export const retryAfterSeconds = (refusal: RateLimiterRes): number => Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));

/** Takes a point, or throws TooManyRequestsError with whole seconds to wait. */
export async function consume(limiter: Limiter, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new TooManyRequestsError(retryAfterSeconds(rejection));
    throw rejection;
  }
}
