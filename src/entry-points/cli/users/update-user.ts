import { OPERATOR } from '../../../core/auth/actor.js';
import type { UpdateUserInput } from '../../../core/users/update-user.js';
import type { CliCommand } from '../cli-command.js';

/** Command-line option → use-case field. */
const FIELDS = { email: 'email', 'first-name': 'firstName', 'last-name': 'lastName', password: 'password', role: 'role' } as const;

/** `users update ID`: only the options given change; the operator may also change the role. */
export const updateUserCommand: CliCommand = {
  name: 'update',
  synopsis: 'ID [--email E] [--first-name F] [--last-name L] [--password P] [--role R]',
  options: Object.fromEntries(Object.keys(FIELDS).map((name) => [name, { type: 'string' }])),
  required: [],
  arguments: ['ID'],
  async run({ options, args: [id] }, useCases) {
    const changes = Object.fromEntries(
      Object.entries(FIELDS)
        .filter(([option]) => options[option] !== undefined)
        .map(([option, field]) => [field, options[option]]),
    ) as UpdateUserInput;
    const user = await useCases.updateUser.execute(id!, changes, OPERATOR);
    return { user };
  },
};
