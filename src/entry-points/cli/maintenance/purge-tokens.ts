import { OPERATOR } from '../../../core/auth/actor.js';
import type { CliCommand } from '../cli-command.js';

/** `maintenance purge-tokens`: deletes the refresh tokens that can no longer matter; prints how many. */
export const purgeTokensCommand: CliCommand = {
  name: 'purge-tokens',
  synopsis: '',
  options: {},
  required: [],
  arguments: [],
  async run(_parsed, useCases) {
    return useCases.purgeRefreshTokens.execute(OPERATOR);
  },
};
