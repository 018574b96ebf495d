import type { FailedJob } from '../../core/jobs/job.js';
import type { ScheduleInfo } from '../../core/jobs/job-queue.js';
import type { JobsSummaryResult } from '../../core/jobs/jobs-summary.js';

/** How REST and the CLI show the queue: dates as ISO-8601, absent values as null. */
export const scheduleJson = (schedule: ScheduleInfo) => ({
  id: schedule.id,
  name: schedule.name,
  every: schedule.every,
  pattern: schedule.pattern,
  next: schedule.next?.toISOString() ?? null,
});

export const jobsSummaryJson = (summary: JobsSummaryResult) => ({
  waiting: summary.waiting,
  delayed: summary.delayed,
  active: summary.active,
  failed: summary.failed,
  schedules: summary.schedules.map(scheduleJson),
});

/** A failed job without its data: an event's payload may hold personal data, and the id leads to it. */
export const failedJobJson = (job: FailedJob) => ({
  id: job.id,
  name: job.name,
  attemptsMade: job.attemptsMade,
  reason: job.reason,
  failedAt: job.failedAt.toISOString(),
});
