import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `users delete ID`: prints the id that was deleted. */
export const deleteUserCommand: CliCommand = {
  name: 'delete',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    return { deleted: await useCases.deleteUser.execute(id!, OPERATOR) };
  },
};
