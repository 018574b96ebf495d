import type { UseCases } from '../../core/use-cases.js';

/** Every option the CLI knows takes a value (`--email E` or `--email=E`). */
export type Options = Record<string, { type: 'string' }>;

export interface ParsedArgs {
  /** Option values by their command-line name (`first-name`), only those given. */
  options: Record<string, string | undefined>;
  /** The positional arguments, in the order `command.arguments` names them. */
  args: string[];
}

/** One command (`users create`, `seed`): how it is written, and what it does with the use cases. */
export interface CliCommand {
  name: string;
  /** What follows the command in the help, e.g. `ID [--email E]`. */
  synopsis: string;
  options: Options;
  /** Options a usage is wrong without. */
  required: string[];
  /** Names of the positional arguments, all required. */
  arguments: string[];
  /** Runs as the operator; returns what to print on stdout as JSON, or text to stream there as it is. */
  run(parsed: ParsedArgs, useCases: UseCases): Promise<unknown>;
}

/** A command's output that is not JSON (a CSV): written to stdout chunk by chunk, as it comes. */
export class StreamedText {
  constructor(readonly chunks: AsyncIterable<string>) {}
}

/** A mistake in how the CLI was called: help is printed and the exit status is 2. */
export class UsageError extends Error {}
