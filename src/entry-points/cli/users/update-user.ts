import { OPERATOR } from '../../../core/auth/actor.js';
import type { UpdateUserInput } from '../../../core/users/update-user.js';
import type { CliCommand } from '../cli-command.js';
import { type ChangeOption, changeOptions, changesOf } from '../option-changes.js';

/** Command-line option → use-case field. */
const FIELDS: Record<string, ChangeOption & { field: keyof UpdateUserInput }> = {
  email: { field: 'email' },
  'first-name': { field: 'firstName' },
  'last-name': { field: 'lastName' },
  password: { field: 'password' },
  role: { field: 'role' },
};

/** `users update ID`: only the options given change; the operator may also change the role. */
export const updateUserCommand: CliCommand = {
  name: 'update',
  synopsis: 'ID [--email E] [--first-name F] [--last-name L] [--password P] [--role R]',
  options: changeOptions(FIELDS),
  required: [],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    const user = await useCases.updateUser.execute(id!, changesOf(FIELDS, options) as UpdateUserInput, OPERATOR);
    return { user };
  },
};
