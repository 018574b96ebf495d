import { describe, expect, it } from 'vitest';
import { backoffDelay, checkedJobId, checkedRetryPolicy } from '../../../src/data/queue/backoff.js';

/** The retry spacing both adapters share (BullMQ's exponential backoff with jitter, computed alike in process). */
describe('the backoff between retries', () => {
  const policy = { attempts: 5, backoffMs: 100, jitter: 0.25 };

  it('doubles after each failed attempt, without jitter exactly backoffMs * 2^(n-1)', () => {
    const exact = { ...policy, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(exact, n))).toEqual([100, 200, 400, 800]);
  });

  it('takes off at most `jitter` of the wait, never adds to it', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(300);
    expect(backoffDelay(policy, 3, () => 0.999_999)).toBe(399);
    for (let i = 0; i < 200; i++) {
      const wait = backoffDelay(policy, 2);
      expect(wait).toBeGreaterThanOrEqual(150);
      expect(wait).toBeLessThanOrEqual(200);
    }
  });

  it('refuses a policy no queue could keep, and an empty or over-long job id', () => {
    expect(() => checkedRetryPolicy({ ...policy, attempts: 0 })).toThrow(RangeError);
    expect(() => checkedRetryPolicy({ ...policy, attempts: 1.5 })).toThrow(RangeError);
    expect(() => checkedRetryPolicy({ ...policy, backoffMs: -1 })).toThrow(RangeError);
    expect(() => checkedRetryPolicy({ ...policy, jitter: 1.5 })).toThrow(RangeError);
    expect(checkedRetryPolicy(policy)).toBe(policy);
    expect(() => checkedJobId('')).toThrow(RangeError);
    expect(() => checkedJobId('x'.repeat(201))).toThrow(RangeError);
  });
});
