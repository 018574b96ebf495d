import { type FailedJob, type JobHandler, type NewJob, PermanentJobError, QueueClosedError } from '../../core/jobs/job.js';
import type {
  CloseOutcome,
  JobCounts,
  JobQueue,
  JobRetention,
  JobRetryPolicy,
  RetryOutcome,
  ScheduleInfo,
  ScheduleSpec,
} from '../../core/jobs/job-queue.js';
import { backoffDelay, checkedJobId, checkedRetryPolicy } from './backoff.js';
import type { QueueLog } from './queue-log.js';

export interface InProcessQueueOptions {
  readonly retry: JobRetryPolicy;
  readonly retention: JobRetention;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  /** close()'s deadline when it is given none (default 10 s). */
  readonly closeTimeoutMs?: number;
  readonly log?: QueueLog;
}

type State = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

interface Entry {
  readonly job: NewJob;
  state: State;
  attemptsMade: number;
  finishedAt: number;
  reason: string;
  timer?: NodeJS.Timeout;
  /** The schedule that made it, so a schedule keeps at most one run pending. */
  scheduleId?: string;
}

interface Schedule {
  readonly spec: ScheduleSpec & { every: number };
  readonly timer: NodeJS.Timeout;
  next: number;
}

const silent: QueueLog = { warn: () => {}, error: () => {} };

/**
 * The job queue in this process's memory, for `npm start` with no Redis: the
 * semantics of the BullMQ adapter (dedupe by id, backoff, failed set,
 * retention, schedules, bounded close) without its durability: jobs not
 * finished when the process ends are gone, so whoever enqueues must keep its
 * own record until a job completes (the outbox does). Timers are unref'd: the
 * queue never keeps a process alive by itself.
 */
export class InProcessQueue implements JobQueue {
  /** Jobs not finished (waiting, delayed, active), and the finished ones kept, each map in the order of finishing. */
  private readonly live = new Map<string, Entry>();
  private readonly finished = { completed: new Map<string, Entry>(), failed: new Map<string, Entry>() };
  private readonly waiting: Entry[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly scheduled = new Map<string, Schedule>();
  private readonly retry_: JobRetryPolicy;
  private readonly concurrency: number;
  private handler: JobHandler | undefined;
  private closed = false;
  private runs = 0;

  constructor(private readonly options: InProcessQueueOptions) {
    this.retry_ = checkedRetryPolicy(options.retry);
    this.concurrency = options.concurrency ?? 1;
  }

  async enqueue(job: NewJob): Promise<void> {
    this.add(job);
  }

  private add(job: NewJob, scheduleId?: string): void {
    if (this.closed) throw new QueueClosedError();
    const id = checkedJobId(job.id);
    if (this.live.has(id) || this.finished.completed.has(id) || this.finished.failed.has(id)) return;
    // A copy through JSON, as Redis would store it: the handler never shares the caller's object.
    const data = JSON.parse(JSON.stringify(job.data ?? null)) as NewJob['data'];
    const entry: Entry = { job: { id, name: job.name, data }, state: 'waiting', attemptsMade: 0, finishedAt: 0, reason: '', scheduleId };
    this.live.set(id, entry);
    this.waiting.push(entry);
    this.pump();
  }

  consume(handler: JobHandler): void {
    if (this.handler) throw new Error('this queue already has a consumer');
    this.handler = handler;
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.closed && this.running.size < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      const run = this.run(entry, this.handler).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(entry: Entry, handler: JobHandler): Promise<void> {
    entry.state = 'active';
    try {
      await handler({ ...entry.job, attempt: entry.attemptsMade + 1 });
    } catch (thrown) {
      this.failedAttempt(entry, thrown);
      return;
    }
    entry.attemptsMade += 1;
    this.finish(entry, 'completed', '');
  }

  private failedAttempt(entry: Entry, thrown: unknown): void {
    entry.attemptsMade += 1;
    const reason = thrown instanceof Error ? thrown.message : String(thrown);
    const permanent = thrown instanceof PermanentJobError;
    const log = { jobId: entry.job.id, name: entry.job.name, attempt: entry.attemptsMade, reason };
    if (permanent || entry.attemptsMade >= this.retry_.attempts) {
      (this.options.log ?? silent).warn(log, permanent ? 'job failed permanently' : 'job failed: attempts used up');
      this.finish(entry, 'failed', reason);
      return;
    }
    (this.options.log ?? silent).warn(log, 'job failed: will retry');
    entry.state = 'delayed';
    entry.reason = reason;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (entry.state !== 'delayed') return;
      entry.state = 'waiting';
      this.waiting.push(entry);
      this.pump();
    }, backoffDelay(this.retry_, entry.attemptsMade));
    entry.timer.unref();
  }

  private finish(entry: Entry, state: 'completed' | 'failed', reason: string): void {
    entry.state = state;
    entry.reason = reason;
    entry.finishedAt = Date.now();
    this.live.delete(entry.job.id);
    this.finished[state].set(entry.job.id, entry);
    this.prune(state);
  }

  /** Drops finished jobs beyond the retention bounds, oldest first (BullMQ also prunes as jobs finish). */
  private prune(state: 'completed' | 'failed'): void {
    const { ageMs, count } = this.options.retention[state];
    const kept = this.finished[state];
    const oldestKept = Date.now() - ageMs;
    for (const [id, entry] of kept) {
      if (kept.size <= count && entry.finishedAt >= oldestKept) break;
      kept.delete(id);
    }
  }

  async failed({ limit = 50 }: { readonly limit?: number } = {}): Promise<FailedJob[]> {
    return [...this.finished.failed.values()]
      .reverse()
      .slice(0, limit)
      .map((entry) => ({ ...entry.job, attemptsMade: entry.attemptsMade, reason: entry.reason, failedAt: new Date(entry.finishedAt) }));
  }

  async retry(id: string): Promise<RetryOutcome> {
    const entry = this.finished.failed.get(id);
    if (!entry || this.closed) return 'not-failed';
    this.finished.failed.delete(id);
    this.live.set(id, entry);
    entry.state = 'waiting';
    entry.attemptsMade = 0;
    this.waiting.push(entry);
    this.pump();
    return 'retried';
  }

  async counts(): Promise<JobCounts> {
    const counts = { waiting: 0, delayed: 0, active: 0, failed: this.finished.failed.size };
    for (const { state } of this.live.values()) if (state === 'waiting' || state === 'delayed' || state === 'active') counts[state] += 1;
    return counts;
  }

  async schedule(spec: ScheduleSpec): Promise<void> {
    if (this.closed) throw new QueueClosedError();
    if (spec.every === undefined) {
      throw new RangeError(`schedule ${spec.id}: the in-process queue runs schedules by 'every' only; cron patterns need the BullMQ queue`);
    }
    if (!(spec.every > 0)) throw new RangeError(`schedule ${spec.id}: every must be > 0 ms`);
    const previous = this.scheduled.get(spec.id);
    if (previous) clearInterval(previous.timer);
    const every = spec.every;
    const timer = setInterval(() => this.tick(spec.id), every);
    timer.unref();
    this.scheduled.set(spec.id, { spec: { ...spec, every }, timer, next: Date.now() + every });
  }

  private tick(scheduleId: string): void {
    const schedule = this.scheduled.get(scheduleId);
    if (!schedule || this.closed) return;
    schedule.next = Date.now() + schedule.spec.every;
    // As BullMQ's schedulers: the next run is made only once the previous one has started.
    for (const entry of this.waiting) if (entry.scheduleId === scheduleId) return;
    this.runs += 1;
    this.add({ id: `schedule-${scheduleId}-${Date.now()}-${this.runs}`, name: schedule.spec.name, data: schedule.spec.data ?? null }, scheduleId);
  }

  async schedules(): Promise<ScheduleInfo[]> {
    return [...this.scheduled.values()].map(({ spec, next }) => ({ id: spec.id, name: spec.name, every: spec.every, pattern: null, next: new Date(next) }));
  }

  async close({ timeoutMs = this.options.closeTimeoutMs ?? 10_000 }: { readonly timeoutMs?: number } = {}): Promise<CloseOutcome> {
    this.closed = true;
    for (const { timer } of this.scheduled.values()) clearInterval(timer);
    this.scheduled.clear();
    for (const entry of this.live.values()) if (entry.timer) clearTimeout(entry.timer);
    if (this.running.size === 0) return { timedOut: false };
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...this.running]).then(() => false),
      new Promise<boolean>((resolve) => {
        deadline = setTimeout(() => resolve(true), timeoutMs);
        deadline.unref();
      }),
    ]);
    clearTimeout(deadline);
    return { timedOut };
  }
}
