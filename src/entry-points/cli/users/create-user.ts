import { OPERATOR } from '../../../core/auth/actor.js';
import type { Role } from '../../../core/users/user.js';
import type { CliCommand } from '../cli-command.js';

/** `users create`: how the first administrator is made (`--role ADMIN`). */
export const createUserCommand: CliCommand = {
  name: 'create',
  synopsis: '--email E --first-name F --last-name L --password P [--role ADMIN]',
  options: {
    email: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
  },
  required: ['email', 'first-name', 'last-name', 'password'],
  arguments: [],
  async run({ options }, useCases) {
    const user = await useCases.createUser.execute(
      {
        email: options.email!,
        firstName: options['first-name']!,
        lastName: options['last-name']!,
        password: options.password!,
        // The core checks the value; the cast only names what it expects.
        ...(options.role !== undefined && { role: options.role as Role }),
      },
      OPERATOR,
    );
    return { user };
  },
};
