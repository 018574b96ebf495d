import type { JobRetryPolicy } from '../../core/jobs/job-queue.js';

/**
 * The wait before the next try after `attemptsMade` failed ones: BullMQ's
 * exponential backoff with jitter (backoffs.ts there), so both adapters space
 * retries alike: at most backoffMs * 2^(attemptsMade-1), at least (1 - jitter) of that.
 */
export function backoffDelay(policy: JobRetryPolicy, attemptsMade: number, random: () => number = Math.random): number {
  const max = Math.round(2 ** (attemptsMade - 1) * policy.backoffMs);
  if (policy.jitter <= 0) return max;
  return Math.floor(random() * max * policy.jitter + max * (1 - policy.jitter));
}

/** Rejects a policy no queue could keep, at start-up rather than at the first failure. */
export function checkedRetryPolicy(policy: JobRetryPolicy): JobRetryPolicy {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError(`retry attempts must be an integer >= 1, not ${policy.attempts}`);
  if (!(policy.backoffMs >= 0)) throw new RangeError(`retry backoffMs must be >= 0, not ${policy.backoffMs}`);
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) throw new RangeError(`retry jitter must be within 0..1, not ${policy.jitter}`);
  return policy;
}

export function checkedJobId(id: string): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200) throw new RangeError('a job id must be a string of 1 to 200 characters');
  return id;
}
