import { OPERATOR } from '../../../core/auth/actor.js';
import { failedJobJson } from '../../shared/job-json.js';
import { integerOrNaN } from '../../shared/query-values.js';
import type { CliCommand } from '../cli-command.js';

/** `jobs failed [--first N]`: the failed set, newest first (20 unless told, at most 100). */
export const failedJobsCommand: CliCommand = {
  name: 'failed',
  synopsis: '[--first N]',
  options: { first: { type: 'string' } },
  required: [],
  arguments: [],
  async run({ options }, useCases) {
    const first = options.first === undefined ? undefined : integerOrNaN(options.first);
    return { failed: (await useCases.listFailedJobs.execute({ first }, OPERATOR)).map(failedJobJson) };
  },
};
