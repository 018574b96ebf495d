import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LoginAttempt, LoginThrottle } from '../../core/auth/login-throttle.js';
import { consume } from './limiters.js';

/** The core's LoginThrottle over two rate-limiter-flexible limiters: per email and per client IP. */
export class RateLimiterLoginThrottle implements LoginThrottle {
  constructor(private readonly limiters: { perEmail: RateLimiterAbstract; perIp: RateLimiterAbstract }) {}

  async acquire({ email, clientIp }: LoginAttempt): Promise<void> {
    if (clientIp) await consume(this.limiters.perIp, clientIp);
    await consume(this.limiters.perEmail, email);
  }

  async release({ email, clientIp }: LoginAttempt): Promise<void> {
    await Promise.all([
      this.limiters.perEmail.reward(email, 1),
      clientIp ? this.limiters.perIp.reward(clientIp, 1) : undefined,
    ]);
  }
}
