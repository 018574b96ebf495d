import { USER_COMMANDS } from './users/commands.js';

export const HELP = `Usage: npm run cli -- users <command> [options]

Runs the use cases as the operator (no token needed) on the store the
environment selects (DB_TYPE, DATABASE_URL, DATA_DIR, MONGODB_URL).

Commands:
${USER_COMMANDS.map((command) => `  users ${command.name} ${command.synopsis}`).join('\n')}

Options take a value as "--name value" or "--name=value"; -h, --help prints this.
Prints JSON on stdout. A failure prints {"error": {"code", "message", "fields"?}}
on stderr. Exit status: 0 success, 1 failure, 2 usage mistake.
`;
