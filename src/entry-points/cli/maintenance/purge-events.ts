import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `maintenance purge-events`: forgets the outbox events relayed more than 7 days ago; prints how many. */
export const purgeEventsCommand: CliCommand = {
  name: 'purge-events',
  synopsis: '',
  options: {},
  required: [],
  arguments: [],
  async run(_parsed, useCases) {
    return useCases.purgeSentEvents.execute(OPERATOR);
  },
};
