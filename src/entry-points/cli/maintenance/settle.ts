import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `maintenance settle`: settles the order placements a killed process left unfinished (older than 30 s); prints how many. */
export const settleCommand: CliCommand = {
  name: 'settle',
  synopsis: '',
  options: {},
  required: [],
  arguments: [],
  async run(_parsed, useCases) {
    return useCases.settlePlacements.execute(OPERATOR);
  },
};
