import type { LoginThrottle } from '../core/auth/login-throttle.js';
import { consume, createLimiter, type LimitRule, RATE_LIMITS } from '../data/rate-limit/limiters.js';
import { RateLimiterLoginThrottle } from '../data/rate-limit/login-throttle.js';
import { connectRedis, type RedisLog } from '../data/rate-limit/redis-connection.js';
import type { Config } from './env.js';

export interface RateLimits {
  loginThrottle?: LoginThrottle;
  /** The general per-IP request budget, applied by the HTTP server. */
  requestBudget?: (clientIp: string) => Promise<void>;
  /** For readiness: the parts that are configured but not answering (["redis"] during a Redis outage). */
  degraded(): string[];
  close(): Promise<void>;
}

/** RATE_LIMIT=off gives no limits at all; REDIS_URL moves the counters to Redis. */
export function createRateLimits(config: Pick<Config, 'rateLimit' | 'redisUrl'>, log: RedisLog): RateLimits {
  if (!config.rateLimit) return { degraded: () => [], close: async () => {} };
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : undefined;
  const limiter = (rule: LimitRule) => createLimiter(rule, redis?.client);
  const requests = limiter(RATE_LIMITS.requestsPerIp);
  return {
    loginThrottle: new RateLimiterLoginThrottle({
      consecutivePerEmailAndIp: limiter(RATE_LIMITS.loginConsecutiveFailuresPerEmailAndIp),
      perEmailPerDay: limiter(RATE_LIMITS.loginFailuresPerEmailPerDay),
      perIpPerDay: limiter(RATE_LIMITS.loginFailuresPerIpPerDay),
    }),
    requestBudget: (clientIp) => consume(requests, clientIp),
    degraded: () => (redis && !redis.answering() ? ['redis'] : []),
    close: async () => {
      await redis?.close();
    },
  };
}
