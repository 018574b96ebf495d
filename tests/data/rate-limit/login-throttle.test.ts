import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../src/core/shared/errors.js';
import { RateLimiterLoginThrottle } from '../../../src/data/rate-limit/login-throttle.js';

/**
 * The login-endpoint scheme over in-process limiters with small limits (the
 * real numbers are exercised through HTTP in tests/hostile/rate-limits.test.ts):
 * what a refused attempt and a successful one do to each count.
 */

const IN_A_ROW = 3;
const PER_EMAIL_PER_DAY = 5;
const PER_IP_PER_DAY = 4;

function aThrottle() {
  const limiters = {
    consecutivePerEmailAndIp: new RateLimiterMemory({ keyPrefix: 'pair', points: IN_A_ROW, duration: 900 }),
    perEmailPerDay: new RateLimiterMemory({ keyPrefix: 'email', points: PER_EMAIL_PER_DAY, duration: 86_400 }),
    perIpPerDay: new RateLimiterMemory({ keyPrefix: 'ip', points: PER_IP_PER_DAY, duration: 86_400 }),
  };
  const count = async (limiter: RateLimiterMemory, key: string) => (await limiter.get(key))?.consumedPoints ?? 0;
  return {
    throttle: new RateLimiterLoginThrottle(limiters),
    perEmail: (email: string) => count(limiters.perEmailPerDay, email),
    perIp: (ip: string) => count(limiters.perIpPerDay, ip),
    inARow: (email: string, ip: string) => count(limiters.consecutivePerEmailAndIp, `${ip}|${email}`),
  };
}

const from = (clientIp: string, email = 'ada@example.com') => ({ email, clientIp });

async function failures(throttle: RateLimiterLoginThrottle, attempt: { email: string; clientIp?: string }, times: number) {
  for (let n = 0; n < times; n++) await throttle.acquire(attempt);
}

describe('the login throttle (consecutive failures per email and IP, daily caps per email and per IP)', () => {
  it('refuses the attempt after the failures in a row, with the seconds left in that window', async () => {
    const { throttle } = aThrottle();
    await failures(throttle, from('10.0.0.1'), IN_A_ROW);
    const refusal = await throttle.acquire(from('10.0.0.1')).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect((refusal as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);
    expect((refusal as TooManyRequestsError).retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('charges a refused attempt to no count: it checked no password', async () => {
    const t = aThrottle();
    await failures(t.throttle, from('10.0.0.1'), IN_A_ROW);
    for (let n = 0; n < 10; n++) await expect(t.throttle.acquire(from('10.0.0.1'))).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(await t.perEmail('ada@example.com')).toBe(IN_A_ROW);
    expect(await t.perIp('10.0.0.1')).toBe(IN_A_ROW);
  });

  it('forgets the failures in a row on success and gives its daily slots back', async () => {
    const t = aThrottle();
    await failures(t.throttle, from('10.0.0.1'), IN_A_ROW - 1);
    await t.throttle.acquire(from('10.0.0.1'));
    await t.throttle.release(from('10.0.0.1'));
    expect(await t.inARow('ada@example.com', '10.0.0.1')).toBe(0);
    expect(await t.perEmail('ada@example.com')).toBe(IN_A_ROW - 1);
    expect(await t.perIp('10.0.0.1')).toBe(IN_A_ROW - 1);
  });

  it("keeps one client's failures from another client and from another email", async () => {
    const { throttle } = aThrottle();
    await failures(throttle, from('10.0.0.1'), IN_A_ROW);
    await expect(throttle.acquire(from('10.0.0.2'))).resolves.toBeUndefined();
    await expect(throttle.acquire(from('10.0.0.1', 'grace@example.com'))).resolves.toBeUndefined();
  });

  it('caps failures for one email across clients, and from one client across emails', async () => {
    const t = aThrottle();
    for (let n = 0; n < PER_EMAIL_PER_DAY; n++) await t.throttle.acquire(from(`10.0.1.${n}`));
    await expect(t.throttle.acquire(from('10.0.1.99'))).rejects.toBeInstanceOf(TooManyRequestsError);
    for (let n = 0; n < PER_IP_PER_DAY; n++) await t.throttle.acquire(from('10.0.2.1', `user${n}@example.com`));
    await expect(t.throttle.acquire(from('10.0.2.1', 'someone@example.com'))).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it('lets through at most the limit of concurrent attempts', async () => {
    const { throttle } = aThrottle();
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => throttle.acquire(from('10.0.0.1'))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(IN_A_ROW);
  });

  it('counts an attempt without a client address per email only', async () => {
    const t = aThrottle();
    await failures(t.throttle, { email: 'ada@example.com' }, IN_A_ROW);
    await expect(t.throttle.acquire({ email: 'ada@example.com' })).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(await t.perEmail('ada@example.com')).toBe(IN_A_ROW);
  });
});
