import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `jobs retry ID`: runs a failed job again; prints its id. NOT_FOUND (exit 1) when it is not in the failed set. */
export const retryJobCommand: CliCommand = {
  name: 'retry',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    return { retried: await useCases.retryFailedJob.execute(id!, OPERATOR) };
  },
};
