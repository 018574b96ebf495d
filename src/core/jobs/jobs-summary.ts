import type { Actor } from '../auth/actor.js';
import { reachableQueue, requireJobManager } from './job-operations.js';
import type { JobCounts, JobQueue, ScheduleInfo } from './job-queue.js';

export interface JobsSummaryResult extends JobCounts {
  readonly schedules: ScheduleInfo[];
}

export class JobsSummary {
  constructor(private readonly deps: { jobs?: JobQueue }) {}

  /** ADMIN or operator: the queue's depth by state and its schedules with their next runs. */
  async execute(actor: Actor | null): Promise<JobsSummaryResult> {
    requireJobManager(actor);
    const jobs = reachableQueue(this.deps.jobs);
    const [counts, schedules] = await Promise.all([jobs.counts(), jobs.schedules()]);
    return { ...counts, schedules };
  }
}
