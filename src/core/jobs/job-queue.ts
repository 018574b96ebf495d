import type { FailedJob, JobHandler, JsonValue, NewJob } from './job.js';

/**
 * How a failing job is retried: `attempts` tries in all; before try n+1 the
 * queue waits backoffMs * 2^(n-1), less a random part of up to `jitter`
 * (0..1) of it, so retries of many jobs failing together spread out.
 */
export interface JobRetryPolicy {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly jitter: number;
}

/** How long finished jobs are kept (both bounds apply). A completed id still dedupes while it is kept. */
export interface JobRetention {
  readonly completed: { readonly ageMs: number; readonly count: number };
  readonly failed: { readonly ageMs: number; readonly count: number };
}

/** A recurring job. `every` is in milliseconds; `pattern` is a cron pattern read in UTC (seconds field first optional). */
export type ScheduleSpec = { readonly id: string; readonly name: string; readonly data?: JsonValue } & (
  | { readonly every: number; readonly pattern?: never }
  | { readonly pattern: string; readonly every?: never }
);

export interface ScheduleInfo {
  readonly id: string;
  readonly name: string;
  readonly every: number | null;
  readonly pattern: string | null;
  /** When the next run is due; null when none is (an operator should be alerted). */
  readonly next: Date | null;
}

/** Queue depth by state, for an operator's summary. */
export interface JobCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly failed: number;
}

export type RetryOutcome = 'retried' | 'not-failed';

export interface CloseOutcome {
  /** True when the job in hand did not finish before the deadline and was given up (it will be run again). */
  readonly timedOut: boolean;
}

/**
 * The job queue the relay enqueues events on and the worker consumes.
 * Delivery is at least once; a handler that throws is retried with backoff
 * (JobRetryPolicy) and, attempts used up or a PermanentJobError thrown, the
 * job lands in the failed set, where an operator lists and retries it.
 */
export interface JobQueue {
  /** Adds the job unless a job with its id is waiting, running, failed, or finished and still kept. */
  enqueue(job: NewJob): Promise<void>;
  /** Starts handling jobs in this process (once per queue instance). */
  consume(handler: JobHandler): void;
  /** Newest first. */
  failed(options?: { readonly limit?: number }): Promise<FailedJob[]>;
  /** Runs a failed job again, with its attempts counted afresh. */
  retry(id: string): Promise<RetryOutcome>;
  counts(): Promise<JobCounts>;
  /** Creates or replaces the schedule with this id: declared by several instances, it is still one schedule. */
  schedule(spec: ScheduleSpec): Promise<void>;
  schedules(): Promise<ScheduleInfo[]>;
  /** Stops taking jobs, waits up to the deadline for the jobs in hand, then gives them up. */
  close(options?: { readonly timeoutMs?: number }): Promise<CloseOutcome>;
}
