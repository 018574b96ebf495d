import { COMMAND_GROUPS, STANDALONE_COMMANDS } from './command-groups.js';

const groups = Object.entries(COMMAND_GROUPS)
  .map(([group, commands]) => commands.map((command) => `  ${group} ${command.name} ${command.synopsis}`.trimEnd()).join('\n'))
  .join('\n\n');
const standalone = STANDALONE_COMMANDS.map((command) => `  ${command.name} ${command.synopsis}`).join('\n');

export const HELP = `Usage: npm run cli -- users <command> [options]
       npm run cli -- products|orders|reports|jobs|maintenance <command> [options]
       npm run cli -- seed [options]

Runs the use cases as the operator (no token needed) on the store the
environment selects (DB_TYPE, DATABASE_URL, DATA_DIR, MONGODB_URL). The jobs
commands need the queue on Redis (REDIS_URL); without it the queue lives inside
the API process and they fail with SERVICE_UNAVAILABLE.

Commands:
${groups}

${standalone}

Options take a value as "--name value" or "--name=value"; -h, --help prints this.
Flags are the field names in kebab-case (--price-cents, --customer-id); yes/no
values are true or false; dates are ISO-8601 with a time zone.
Prints JSON on stdout (reports export-csv: the CSV itself). A failure prints {"error": {"code", "message", "fields"?}}
on stderr. Exit status: 0 success, 1 failure, 2 usage mistake.
`;
