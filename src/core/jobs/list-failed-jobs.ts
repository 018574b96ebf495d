import type { Actor } from '../auth/actor.js';
import { checkInteger, validateFields } from '../shared/validation.js';
import type { FailedJob } from './job.js';
import { reachableQueue, requireJobManager } from './job-operations.js';
import type { JobQueue } from './job-queue.js';

export const FAILED_JOBS_DEFAULT = 20;
export const FAILED_JOBS_MAX = 100;

export class ListFailedJobs {
  constructor(private readonly deps: { jobs?: JobQueue }) {}

  /** ADMIN or operator: the failed set, newest first; `first` 1 to 100 (default 20). */
  async execute(input: { first?: number }, actor: Actor | null): Promise<FailedJob[]> {
    requireJobManager(actor);
    const { first } = validateFields<{ first: number }>(
      { first: input?.first ?? FAILED_JOBS_DEFAULT },
      { first: checkInteger(1, FAILED_JOBS_MAX) },
    );
    return reachableQueue(this.deps.jobs).failed({ limit: first });
  }
}
