/**
 * The CLI's command logic in-process: runCli over use cases on a memory store
 * (or the store a test hands in), with stdout and stderr captured and the
 * store's opening and closing counted.
 */
import { type Clock, systemClock } from '../../../src/core/shared/clock.js';
import type { Store } from '../../../src/core/store.js';
import { createUseCases, type UseCases } from '../../../src/core/use-cases.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { JoseAccessTokens } from '../../../src/data/security/jose-access-tokens.js';
import { runCli } from '../../../src/entry-points/cli/run-cli.js';
import { fastHasher } from '../../support/test-server.js';

export const PASSWORD = 'correct horse battery staple';
export const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (undefined when empty). */
  out: any;
  /** stderr parsed as JSON when it is JSON (command failures), else undefined. */
  err: any;
}

export function createCliHarness(options: { store?: Store; clock?: Clock } = {}) {
  const store = options.store ?? createMemoryStore();
  const useCases = createUseCases({
    store,
    hasher: fastHasher,
    accessTokens: new JoseAccessTokens('cli-tests-secret-of-at-least-32-bytes', 900),
    clock: options.clock ?? systemClock,
    refreshTokenTtl: 3600,
  });
  const sessions = { opened: 0, closed: 0 };

  async function cli(argv: string[], open?: () => Promise<{ useCases: UseCases; close(): Promise<void> }>): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const status = await runCli(
      argv,
      { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
      open ??
        (async () => {
          sessions.opened += 1;
          return { useCases, close: async () => void (sessions.closed += 1) };
        }),
    );
    const parse = (text: string) => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    return { status, stdout, stderr, out: stdout ? parse(stdout) : undefined, err: parse(stderr) };
  }

  let seq = 0;
  /** `users create` with valid values, unique per call, plus any extra arguments. */
  async function createUser(...extra: string[]) {
    seq += 1;
    const email = `cli-user${seq}@example.com`;
    const run = await cli(['users', 'create', '--email', email, '--first-name', 'Ada', '--last-name', 'Lovelace', '--password', PASSWORD, ...extra]);
    if (run.status !== 0) throw new Error(`create failed: ${run.stderr}`);
    return { ...run.out.user, password: PASSWORD } as { id: string; email: string; role: string; password: string };
  }

  return { store, useCases, sessions, cli, createUser };
}
