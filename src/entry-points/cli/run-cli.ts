import { fieldErrorsOf, isAppError, ServiceUnavailableError, TooManyRequestsError } from '../../core/shared/errors.js';
import type { UseCases } from '../../core/use-cases.js';
import { StreamedText, UsageError } from './cli-command.js';
import { EXIT_OK, EXIT_START_FAILED, EXIT_STATUS, EXIT_USAGE } from './exit-status.js';
import { HELP } from './help.js';
import { type CommandLine, parseCommandLine } from './parse-command-line.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What the composition root opens for one run: the use cases over a store, and how to close it. */
export interface CliSession {
  useCases: UseCases;
  close(): Promise<void>;
}

interface ErrorJson {
  error: { code: keyof typeof EXIT_STATUS; message: string; fields?: { field: string; message: string }[]; retryAfter?: number };
}

/** Core errors keep their code and message; anything else is generic, with no driver text. */
function errorJson(error: unknown): ErrorJson {
  if (!isAppError(error)) return { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal error' } };
  const extra =
    fieldErrorsOf(error).length > 0
      ? { fields: fieldErrorsOf(error) }
      : error instanceof TooManyRequestsError || error instanceof ServiceUnavailableError
        ? { retryAfter: error.retryAfterSeconds }
        : {};
  return { error: { code: error.code, message: error.message, ...extra } };
}

/** Prints the error body on stderr; returns the exit status for its code. */
function reportFailure(io: CliIo, error: unknown): number {
  const body = errorJson(error);
  io.stderr(`${JSON.stringify(body)}\n`);
  return EXIT_STATUS[body.error.code];
}

/** Start-up failures are the operator's to read: one line, like the server's. */
const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n', 1)[0]!;

/**
 * Runs one command line and returns the exit status. The store is opened only
 * for a well-formed command (help and usage mistakes never touch it) and is
 * always closed before returning.
 */
export async function runCli(argv: readonly string[], io: CliIo, openSession: () => Promise<CliSession>): Promise<number> {
  let commandLine: CommandLine;
  try {
    commandLine = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (commandLine.kind === 'help') {
    io.stdout(HELP);
    return EXIT_OK;
  }

  let session: CliSession;
  try {
    session = await openSession();
  } catch (error) {
    // A store that does not answer is the contract's SERVICE_UNAVAILABLE, whether opening or running finds out.
    if (error instanceof ServiceUnavailableError) return reportFailure(io, error);
    io.stderr(`error: ${firstLine(error)}\n`);
    return EXIT_START_FAILED;
  }
  try {
    const output = await commandLine.command.run(commandLine.parsed, session.useCases);
    if (output instanceof StreamedText) for await (const chunk of output.chunks) io.stdout(chunk);
    else io.stdout(`${JSON.stringify(output)}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportFailure(io, error);
  } finally {
    await session.close().catch((error: unknown) => io.stderr(`warning: closing the store failed: ${firstLine(error)}\n`));
  }
}
