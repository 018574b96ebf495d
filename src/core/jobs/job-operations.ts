import { type Actor, isPrivileged, requireActor } from '../auth/actor.js';
import { ForbiddenError, ServiceUnavailableError } from '../shared/errors.js';
import type { JobQueue } from './job-queue.js';

/** How long a caller is told to wait when this process has no queue: not soon; it is a deployment matter. */
const NO_QUEUE_RETRY_AFTER_SECONDS = 60;

/** Job operations are for an ADMIN or the operator. */
export function requireJobManager(actor: Actor | null): void {
  if (!isPrivileged(requireActor(actor))) throw new ForbiddenError('Only an administrator may manage jobs');
}

/**
 * The queue this process can reach, or SERVICE_UNAVAILABLE: an in-process
 * queue lives inside the API process, and a process without a queue of its
 * own (the CLI with no REDIS_URL) cannot see it.
 */
export function reachableQueue(jobs: JobQueue | undefined): JobQueue {
  if (jobs) return jobs;
  throw new ServiceUnavailableError(
    NO_QUEUE_RETRY_AFTER_SECONDS,
    'No job queue in this process: without REDIS_URL the queue is in-process, inside the API process',
  );
}
