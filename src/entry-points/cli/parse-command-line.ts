import { parseArgs } from 'node:util';
import { type CliCommand, type ParsedArgs, UsageError } from './cli-command.js';
import { COMMAND_GROUPS, STANDALONE_COMMANDS } from './command-groups.js';

export type CommandLine = { kind: 'help' } | { kind: 'command'; command: CliCommand; parsed: ParsedArgs };

const HELP_WORDS = new Set(['help', '--help', '-h']);
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/** Turns argv (after `node script`) into a command to run, or throws UsageError. Touches no store. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [resource, ...afterResource] = argv;
  if (resource === undefined) throw new UsageError('missing command');
  if (HELP_WORDS.has(resource)) return { kind: 'help' };
  const standalone = STANDALONE_COMMANDS.find((candidate) => candidate.name === resource);
  if (standalone) return commandLineOf(standalone, resource, afterResource);
  const group = Object.hasOwn(COMMAND_GROUPS, resource) ? COMMAND_GROUPS[resource] : undefined;
  if (!group) throw new UsageError(`unknown command "${resource}"`);
  const [name, ...rest] = afterResource;
  if (name === undefined) throw new UsageError(`missing ${resource} command`);
  if (HELP_WORDS.has(name)) return { kind: 'help' };
  const command = group.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${resource} ${name}"`);
  return commandLineOf(command, `${resource} ${name}`, rest);
}

/** The options and arguments of one command; `title` is how a usage message names it (`users create`). */
function commandLineOf(command: CliCommand, title: string, rest: string[]): CommandLine {
  const parsed = parseOptions(command, rest);
  if (parsed.values.help) return { kind: 'help' };

  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`option --${token.name} given more than once`);
    seen.add(token.name);
  }
  const missing = command.required.filter((option) => !seen.has(option));
  if (missing.length > 0) throw new UsageError(`${title} needs ${missing.map((option) => `--${option}`).join(', ')}`);
  const { positionals } = parsed;
  if (positionals.length < command.arguments.length) {
    throw new UsageError(`${title} needs ${command.arguments.slice(positionals.length).join(' ')}`);
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
