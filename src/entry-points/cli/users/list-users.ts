import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** Digits become a number, anything else NaN, which the core refuses with its own message. */
const integerOrNaN = (value: string): number => (/^\d{1,10}$/.test(value) ? Number(value) : Number.NaN);

/** `users list`: the same page shape as REST. */
export const listUsersCommand: CliCommand = {
  name: 'list',
  synopsis: '[--first N] [--after CURSOR]',
  options: { first: { type: 'string' }, after: { type: 'string' } },
  required: [],
  arguments: [],
  async run({ options }, useCases) {
    const page = await useCases.listUsers.execute(
      { first: options.first === undefined ? undefined : integerOrNaN(options.first), after: options.after },
      OPERATOR,
    );
    return { users: page.edges.map((edge) => edge.node), pageInfo: page.pageInfo, totalCount: page.totalCount };
  },
};
