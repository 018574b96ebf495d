/** What a job carries: JSON only, because a queue on Redis stores it as JSON text. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A job to put on the queue. Its id is the event id it comes from: enqueuing an id already there is a no-op. */
export interface NewJob {
  readonly id: string;
  /** What the worker does with it (e.g. 'send-welcome-email'); the worker dispatches on it. */
  readonly name: string;
  readonly data: JsonValue;
}

/** A job as a handler receives it. Delivery is at least once: a handler must be idempotent. */
export interface RunningJob extends NewJob {
  /** 1 on the first try, 2 on the first retry, ...; a run repeated after a crashed worker keeps its number. */
  readonly attempt: number;
}

export type JobHandler = (job: RunningJob) => Promise<void>;

/** A job that used up its attempts, or failed permanently: it stays here until retried or aged out. */
export interface FailedJob extends NewJob {
  readonly attemptsMade: number;
  /** The last error's message. */
  readonly reason: string;
  readonly failedAt: Date;
}

/**
 * Thrown by a handler for a failure no retry can fix (a malformed address, a
 * record that is gone): the job goes to the failed set at once, not retried.
 * Any other error is retried with backoff.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** Thrown by enqueue/schedule on a queue that was closed. */
export class QueueClosedError extends Error {
  constructor() {
    super('the job queue is closed');
    this.name = 'QueueClosedError';
  }
}
