import { OPERATOR } from '../../../core/auth/actor.js';
import { NotFoundError } from '../../../core/shared/errors.js';
import type { CliCommand } from '../cli-command.js';

/** `users get ID`: NOT_FOUND (exit 1) when no user has the id, as REST answers 404. */
export const getUserCommand: CliCommand = {
  name: 'get',
  synopsis: 'ID',
  options: {},
  required: [],
  arguments: ['ID'],
  async run({ args: [id] }, useCases) {
    const user = await useCases.getUser.execute(id!, OPERATOR);
    if (!user) throw new NotFoundError('No user has this id');
    return { user };
  },
};
