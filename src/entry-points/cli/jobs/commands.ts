import type { CliCommand } from '../cli-command.js';
import { failedJobsCommand } from './failed-jobs.js';
import { retryJobCommand } from './retry-job.js';

/** `jobs <command>`: the queue on Redis (REDIS_URL); without it the queue is inside the API process and these fail. */
export const JOB_COMMANDS: readonly CliCommand[] = [failedJobsCommand, retryJobCommand];
