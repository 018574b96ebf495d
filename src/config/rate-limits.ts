import { Redis } from 'ioredis';
import type { LoginThrottle } from '../core/auth/login-throttle.js';
import { consume, createLimiter, RATE_LIMITS } from '../data/rate-limit/limiters.js';
import { RateLimiterLoginThrottle } from '../data/rate-limit/login-throttle.js';
import type { Config } from './env.js';

export interface RateLimits {
  loginThrottle?: LoginThrottle;
  /** The general per-IP request budget, applied by the HTTP server. */
  requestBudget?: (clientIp: string) => Promise<void>;
  close(): Promise<void>;
}

/** RATE_LIMIT=off gives no limits at all; REDIS_URL moves the counters to Redis. */
export function createRateLimits(config: Pick<Config, 'rateLimit' | 'redisUrl'>): RateLimits {
  if (!config.rateLimit) return { close: async () => {} };
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  // Without a listener, ioredis reports connection errors as unhandled; the insurance limiter covers them.
  redis?.on('error', () => {});
  const requests = createLimiter(RATE_LIMITS.requestsPerIp, redis);
  return {
    loginThrottle: new RateLimiterLoginThrottle({
      perEmail: createLimiter(RATE_LIMITS.loginFailuresPerEmail, redis),
      perIp: createLimiter(RATE_LIMITS.loginFailuresPerIp, redis),
    }),
    requestBudget: (clientIp) => consume(requests, clientIp),
    close: async () => {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
