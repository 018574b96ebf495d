import { parseArgs } from 'node:util';
import { type CliCommand, type ParsedArgs, UsageError } from './cli-command.js';
import { USER_COMMANDS } from './users/commands.js';

export type CommandLine = { kind: 'help' } | { kind: 'command'; command: CliCommand; parsed: ParsedArgs };

const HELP_WORDS = new Set(['help', '--help', '-h']);
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Turns argv (after `node script`) into a command to run, or throws UsageError. Touches no store. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [resource, name, ...rest] = argv;
  if (resource === undefined) throw new UsageError('missing command');
  if (HELP_WORDS.has(resource)) return { kind: 'help' };
  if (resource !== 'users') throw new UsageError(`unknown command "${resource}"`);
  if (name === undefined) throw new UsageError('missing users command');
  if (HELP_WORDS.has(name)) return { kind: 'help' };
  const command = USER_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "users ${name}"`);

  const parsed = parseOptions(command, rest);
  if (parsed.values.help) return { kind: 'help' };

  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`option --${token.name} given more than once`);
    seen.add(token.name);
  }
  const missing = command.required.filter((option) => !seen.has(option));
  if (missing.length > 0) throw new UsageError(`users ${name} needs ${missing.map((option) => `--${option}`).join(', ')}`);
  const { positionals } = parsed;
  if (positionals.length < command.arguments.length) {
    throw new UsageError(`users ${name} needs ${command.arguments.slice(positionals.length).join(' ')}`);
  }
  if (positionals.length > command.arguments.length) throw new UsageError(`unexpected argument "${positionals[command.arguments.length]}"`);

  const { help: _help, ...options } = parsed.values as Record<string, string | undefined>;
  return { kind: 'command', command, parsed: { options, args: positionals } };
}

function parseOptions(command: CliCommand, args: string[]) {
  try {
    return parseArgs({ args, options: { ...command.options, ...HELP_OPTION }, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    // node:util reports unknown options and missing values as ERR_PARSE_ARGS_* errors.
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message);
    throw error;
  }
}
