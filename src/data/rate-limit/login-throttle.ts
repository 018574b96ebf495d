import { RateLimiterRes } from 'rate-limiter-flexible';
import type { LoginAttempt, LoginThrottle } from '../../core/auth/login-throttle.js';
import { TooManyRequestsError } from '../../core/shared/errors.js';
import { type Limiter, retryAfterSeconds } from './limiters.js';

export interface LoginLimiters {
  /** Failures in a row for one email from one client; a success deletes the count. */
  consecutivePerEmailAndIp: Limiter;
  /** Failures for one email from every client. */
  perEmailPerDay: Limiter;
  /** Failures from one client, every email. */
  perIpPerDay: Limiter;
}

interface Slot {
  limiter: Limiter;
  key: string;
}

/**
 * The core's LoginThrottle as rate-limiter-flexible's login-endpoint pattern
 * ("Brute-force protection Node.js": consecutive fails by username and IP, slow
 * brute force by IP), plus a daily count per email. One client's failures lock
 * only that client out of that account, so someone behind the same NAT logging
 * in to another account is not stopped. Unlike the wiki's get-then-consume, a
 * slot is taken before the password is checked, so concurrent attempts (aliased
 * logins in one GraphQL document) cannot all pass the check.
 */
export class RateLimiterLoginThrottle implements LoginThrottle {
  constructor(private readonly limiters: LoginLimiters) {}

  async acquire(attempt: LoginAttempt): Promise<void> {
    const slots = this.slots(attempt);
    const taken = await Promise.allSettled(slots.map(({ limiter, key }) => limiter.consume(key)));
    const refusals = taken.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    if (refusals.length === 0) return;
    // A refused attempt checks no password, so it is no failure: what it took from the other counts goes back.
    await Promise.all(slots.map(({ limiter, key }, i) => (taken[i]!.status === 'fulfilled' ? limiter.reward(key) : undefined)));
    const unexpected = refusals.find((refusal) => !(refusal instanceof RateLimiterRes));
    if (unexpected !== undefined) throw unexpected;
    throw new TooManyRequestsError(Math.max(...(refusals as RateLimiterRes[]).map(retryAfterSeconds)));
  }

  async release(attempt: LoginAttempt): Promise<void> {
    const [consecutive, ...daily] = this.slots(attempt);
    await Promise.all([consecutive!.limiter.delete(consecutive!.key), ...daily.map(({ limiter, key }) => limiter.reward(key))]);
  }

  async giveBack(attempt: LoginAttempt): Promise<void> {
    await Promise.all(this.slots(attempt).map(({ limiter, key }) => limiter.reward(key)));
  }

  /** The consecutive count first; without a client address (not an HTTP caller) there is no per-IP count. */
  private slots({ email, clientIp }: LoginAttempt): Slot[] {
    const { consecutivePerEmailAndIp, perEmailPerDay, perIpPerDay } = this.limiters;
    return [
      // An address never contains '|', so the pair key is unambiguous whatever the email holds.
      { limiter: consecutivePerEmailAndIp, key: `${clientIp ?? ''}|${email}` },
      { limiter: perEmailPerDay, key: email },
      ...(clientIp ? [{ limiter: perIpPerDay, key: clientIp }] : []),
    ];
  }
}
