// `npm run db:seed`: the demo catalog and, from SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD, an ADMIN,
// on whichever store DB_TYPE selects. It is the CLI's `seed` command (same code, same output and
// exit statuses), given the two variables as its options. Idempotent: a second run adds nothing.
import { openCliSession, processIo } from '../src/config/cli-session.js';
import { runCli } from '../src/entry-points/cli/run-cli.js';

const email = process.env.SEED_ADMIN_EMAIL || undefined;
const password = process.env.SEED_ADMIN_PASSWORD || undefined;
if ((email === undefined) !== (password === undefined)) {
  console.error(`${email === undefined ? 'SEED_ADMIN_EMAIL' : 'SEED_ADMIN_PASSWORD'} is not set: an administrator needs both SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD (or neither, for the catalog only).`);
  process.exit(2);
}
if (email === undefined) console.error('SEED_ADMIN_EMAIL and SEED_ADMIN_PASSWORD are not set: seeding the catalog only, no administrator.');

// The password goes in-process, never on a command line another user could read with ps.
const argv = ['seed', ...(email === undefined ? [] : [`--admin-email=${email}`, `--admin-password=${password}`])];
process.exit(await runCli(argv, processIo, openCliSession));
