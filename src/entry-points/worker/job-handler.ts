import { OPERATOR } from '../../core/auth/actor.js';
import { type DomainEvent, EVENT_TYPES } from '../../core/events/domain-event.js';
import { eventFromJson } from '../../core/events/event-json.js';
import { type JobHandler, PermanentJobError, type RunningJob } from '../../core/jobs/job.js';
import type { UseCases } from '../../core/use-cases.js';
import { asJobFailure } from './job-errors.js';

export interface WorkerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** The names of the scheduled jobs (the worker declares their schedules; see config/jobs.ts). */
export const MAINTENANCE_JOBS = {
  purgeRefreshTokens: 'maintenance.purge-refresh-tokens',
  settlePlacements: 'maintenance.settle-placements',
  purgeSentEvents: 'maintenance.purge-sent-events',
} as const;

/** A job named after an event type carries that event; the consumers of each type, in order. */
type EventConsumer = (event: DomainEvent, job: RunningJob) => Promise<void>;

/**
 * The worker entry point: thin like a resolver. Decodes a job, calls the use
 * cases it stands for, maps their typed errors to "retry" or "give up"
 * (job-errors.ts), and logs with the job and event ids. Every consumer is
 * idempotent (delivery is at least once).
 */
export function createJobHandler(useCases: UseCases, log: WorkerLog): JobHandler {
  const consumers: EventConsumer[] = [];
  const { sendEventMail } = useCases;
  if (sendEventMail) {
    consumers.push(async (event, job) => {
      const outcome = await sendEventMail.execute(event);
      const fields = { jobId: job.id, eventId: event.id, event: event.type, attempt: job.attempt };
      if (outcome.kind === 'sent') log.info({ ...fields, messageId: outcome.messageId, path: outcome.path }, 'mail sent');
      else if (outcome.kind === 'already-sent') log.info(fields, 'mail already sent for this event; not sent again');
    });
  }

  const { buildSalesExport } = useCases;
  consumers.push(async (event, job) => {
    if (event.type !== 'sales-export.requested') return;
    const fields = { jobId: job.id, eventId: event.id, event: event.type, attempt: job.attempt, exportId: event.data.exportId };
    const outcome = await buildSalesExport.execute(event.data.exportId);
    // Another worker holds it (a repeat of this job after a crash, within the export's lease): try again later.
    if (outcome === 'busy') throw new Error(`sales export ${event.data.exportId} is being built by another worker`);
    log.info({ ...fields, outcome }, outcome === 'built' ? 'sales export built' : 'sales export already finished');
  });

  // Scheduled maintenance runs as the operator, as the CLI's `maintenance` commands do.
  const maintenance: Record<string, () => Promise<object>> = {
    [MAINTENANCE_JOBS.purgeRefreshTokens]: () => useCases.purgeRefreshTokens.execute(OPERATOR),
    [MAINTENANCE_JOBS.settlePlacements]: () => useCases.settlePlacements.execute(OPERATOR),
    [MAINTENANCE_JOBS.purgeSentEvents]: () => useCases.purgeSentEvents.execute(OPERATOR),
  };

  const eventTypes: ReadonlySet<string> = new Set(EVENT_TYPES);
  return async (job) => {
    try {
      const task = Object.hasOwn(maintenance, job.name) ? maintenance[job.name] : undefined;
      if (task) {
        const outcome = await task();
        log.info({ jobId: job.id, job: job.name, ...outcome }, 'maintenance done');
        return;
      }
      if (!eventTypes.has(job.name)) throw new PermanentJobError(`no handler for jobs named ${JSON.stringify(job.name)}`);
      const event = eventFromJson(job.data);
      if (event.type !== job.name || event.id !== job.id) throw new PermanentJobError('the job does not match the event it carries');
      for (const consume of consumers) await consume(event, job);
    } catch (error) {
      throw asJobFailure(error);
    }
  };
}
