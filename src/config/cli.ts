import { runCli } from '../entry-points/cli/run-cli.js';
import { openCliSession, processIo } from './cli-session.js';

/**
 * The CLI's composition root (`npm run cli -- <group> <command>`): reads the
 * environment, opens the store it selects, runs one command, closes the store
 * and exits with the command's status. The command logic lives in
 * entry-points/cli and never sees this file, so tests run it in-process.
 */
const status = await runCli(process.argv.slice(2), processIo, openCliSession);
// Explicit: a driver's leftover timer must not keep a finished command alive. Writes to pipes and
// files are synchronous on POSIX, so nothing printed is lost.
process.exit(status);
