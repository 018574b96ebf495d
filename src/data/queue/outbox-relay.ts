import { setTimeout as sleep } from 'node:timers/promises';
import { type DomainEvent, EVENT_TYPES } from '../../core/events/domain-event.js';
import { eventToJson } from '../../core/events/event-json.js';
import type { Outbox } from '../../core/events/outbox.js';
import type { JobHandler } from '../../core/jobs/job.js';
import type { JobQueue } from '../../core/jobs/job-queue.js';
import { type Clock, systemClock } from '../../core/shared/clock.js';

export interface RelayLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface OutboxRelayOptions {
  readonly outbox: Outbox;
  readonly queue: JobQueue;
  readonly log: RelayLog;
  /**
   * When an event counts as sent. 'enqueued': once the queue holds it (a
   * durable queue: Redis keeps it across crashes). 'completed': once its job
   * has run (the in-process queue, which a crash empties): the handler from
   * `completing` marks it, so an event whose job never finished is relayed
   * again after its lease.
   */
  readonly markSent: 'enqueued' | 'completed';
  /** Events claimed per round (default 100). */
  readonly batchSize?: number;
  /**
   * How long a claim holds its events (default 30 s): a relay that dies
   * holding them lets another relay take them over after this. In
   * 'completed' mode it must exceed a job's run with its retries, or the
   * event is enqueued again (a no-op while the queue still knows the id).
   */
  readonly leaseMs?: number;
  /** The pause after a round that found fewer events than a batch (default 100 ms): the commit-to-job delay. */
  readonly idleMs?: number;
  /** The longest pause after a failing round (the store or Redis is away); doubles from idleMs (default 5 s). */
  readonly maxBackoffMs?: number;
  readonly clock?: Clock;
}

const EVENT_JOB_NAMES: ReadonlySet<string> = new Set(EVENT_TYPES);

export const jobOfEvent = (event: DomainEvent) => ({ id: event.id, name: event.type, data: eventToJson(event) });

/**
 * Moves outbox events to the job queue, at least once, with the event id as
 * the job id (a replay is deduplicated by the queue while it keeps the id).
 * Runs in every process that runs a worker; several relays share the work
 * through the outbox's leases, so in steady state none relays an event
 * another one has. A round: claim a batch, enqueue each event, mark the
 * enqueued ones sent; a failure leaves the rest leased, to be claimed again
 * when the lease ends.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly idleMs: number;
  private readonly maxBackoffMs: number;
  private readonly clock: Clock;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: AbortController | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.idleMs = options.idleMs ?? 100;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.clock = options.clock ?? systemClock;
  }

  /** One round; answers how many events it put on the queue. */
  async relayOnce(): Promise<number> {
    const { outbox, queue, log } = this.options;
    const events = await outbox.claim({ limit: this.batchSize, leaseMs: this.leaseMs, now: this.clock() });
    const enqueued: string[] = [];
    try {
      for (const event of events) {
        await queue.enqueue(jobOfEvent(event));
        enqueued.push(event.id);
      }
    } finally {
      if (this.options.markSent === 'enqueued' && enqueued.length > 0) {
        await outbox.markSent(enqueued, this.clock()).catch((error: unknown) => {
          // Enqueued but not marked: relayed again after the lease, and the queue dedupes by id.
          log.warn({ err: error, events: enqueued.length }, 'outbox: could not mark relayed events sent; they will be relayed again');
        });
      }
    }
    return enqueued.length;
  }

  /** Starts relaying in the background until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Relays now instead of at the end of the current pause (a process that just wrote events may call it). */
  nudge(): void {
    this.wake?.abort();
  }

  /** Finishes the round under way, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.nudge();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * In 'completed' mode, the handler to give the queue: runs `handler`, then
   * marks the event sent. A failed mark only means the event is relayed again
   * later, and the queue (or the consumer's own record) makes that a no-op.
   */
  completing(handler: JobHandler): JobHandler {
    return async (job) => {
      await handler(job);
      // Scheduled jobs (maintenance) came from no event: nothing to mark.
      if (!EVENT_JOB_NAMES.has(job.name)) return;
      await this.options.outbox.markSent([job.id], this.clock()).catch((error: unknown) => {
        this.options.log.warn({ err: error, jobId: job.id }, 'outbox: could not mark a completed event sent; it will be relayed again');
      });
    };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let pause = this.idleMs;
      try {
        const relayed = await this.relayOnce();
        if (failures > 0) this.options.log.info({ after: failures }, 'outbox: relaying again');
        failures = 0;
        if (relayed >= this.batchSize) continue; // more are waiting
      } catch (error) {
        failures += 1;
        pause = Math.min(this.maxBackoffMs, this.idleMs * 2 ** failures);
        if (failures === 1 || failures % 20 === 0) {
          this.options.log.error({ err: error, failures }, 'outbox: relaying failed; retrying');
        }
      }
      if (this.stopping) break;
      this.wake = new AbortController();
      await sleep(pause, undefined, { signal: this.wake.signal, ref: false }).catch(() => undefined);
      this.wake = undefined;
    }
  }
}
