import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `users logout-all ID`: ends every session of the user; prints its id. NOT_FOUND (exit 1) for an unknown id. */
export const logoutAllCommand: CliCommand = {
  name: 'logout-all',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    return { loggedOut: await useCases.logoutAll.execute(id!, OPERATOR) };
  },
};
