import { type CliSession, runCli } from '../entry-points/cli/run-cli.js';
import { loadConfig } from './env.js';
import { openStore } from './stores.js';
import { wireUseCases } from './use-cases.js';

/**
 * The CLI's composition root (`npm run cli -- users <command>`): reads the
 * environment, opens the store it selects, runs one command, closes the store
 * and exits with the command's status. The command logic lives in
 * entry-points/cli and never sees this file, so tests run it in-process.
 * No login throttle: the operator does not log in.
 */
async function openSession(): Promise<CliSession> {
  const config = loadConfig();
  const store = await openStore(config.store);
  return { useCases: wireUseCases(config, store), close: () => store.close() };
}

const status = await runCli(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  openSession,
);
// Explicit: a driver's leftover timer must not keep a finished command alive. Writes to pipes and
// files are synchronous on POSIX, so nothing printed is lost.
process.exit(status);
