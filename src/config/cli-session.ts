import type { CliSession } from '../entry-points/cli/run-cli.js';
import { loadConfig } from './env.js';
import { openStore } from './stores.js';
import { wireUseCases } from './use-cases.js';

/**
 * What one CLI run opens: the environment read and checked, the store it
 * selects, the use cases over it. No login throttle: the operator does not
 * log in. Shared by `npm run cli` and `npm run db:seed`.
 */
export async function openCliSession(): Promise<CliSession> {
  const config = loadConfig();
  const store = await openStore(config.store);
  return { useCases: wireUseCases(config, store), close: () => store.close() };
}

export const processIo = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
