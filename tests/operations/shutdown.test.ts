import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/data/prisma/data-dir-lock.js';
import { pollUntil, runExpectingFailure, type ServerProcess, startServer, stopAllServers } from '../support/server-process.js';
import { graphql, type HeldRequest, heldRequest, type HttpResponse, probeConnection, request } from './http.js';

/**
 * CONTRACT.md, "Operations": on SIGTERM or SIGINT the server stops accepting,
 * finishes the requests in flight, closes the database and exits 0 within 10
 * seconds. Run on the embedded store, whose lock file shows the store was closed.
 * The first start is on an empty DATA_DIR (initdb), the second reuses it.
 * CONTRACT.md, "CLI": a second process that finds the embedded database in
 * use stops with a clear message instead of opening it; checked here, where
 * an embedded server is running anyway.
 */

const CONTRACT_EXIT_MS = 10_000;
const IN_FLIGHT = 20;
/** Of those, how many do real work (scrypt); the rest read the database. */
const SIGN_UPS_IN_FLIGHT = 5;
const PASSWORD = 'drain me gently 123';

const root = mkdtempSync(join(tmpdir(), 'app-ops-shutdown-'));
const dataDir = join(root, 'data');
const lockPath = join(dataDir, LOCK_FILE_NAME);
const env = { DB_TYPE: 'sql', DATA_DIR: dataDir };

afterAll(async () => {
  await stopAllServers();
  rmSync(root, { recursive: true, force: true });
});

/** Spawn to the first answered database query (/health/ready runs SELECT 1 on the store). */
async function startAndTime(label: string): Promise<ServerProcess> {
  const server = await startServer({ env, timeoutMs: 90_000 });
  await pollUntil('the first 200 from /health/ready', async () => (await request(`${server.url}/health/ready`)).status === 200);
  const firstQueryMs = Math.round(performance.now() - server.spawnedAt);
  console.log(`[start ${label}] 'serving' after ${server.startMs} ms, first answered query after ${firstQueryMs} ms`);
  return server;
}

const SIGN_UP = 'mutation SignUp($input: CreateUserInput!) { createUser(input: $input) { id } }';
const COUNT = 'query Count { users(first: 1) { totalCount } }';
const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

async function signUpAndLogin(server: ServerProcess, email: string): Promise<string> {
  const created = await graphql(server.url, SIGN_UP, { input: { email, firstName: 'Shut', lastName: 'Down', password: PASSWORD } });
  expect(created.body.errors).toBeUndefined();
  return login(server, email);
}

async function login(server: ServerProcess, email: string): Promise<string> {
  const answer = await graphql(server.url, LOGIN, { email, password: PASSWORD });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.login.accessToken as string;
}

/**
 * `count` requests the server has begun (100 Continue received) but whose
 * bodies are held: `signUps` of them are sign-ups (real scrypt cost), the rest
 * authenticated reads that query the database.
 */
async function inFlight(server: ServerProcess, token: string, count: number, signUps: number, tag: string): Promise<HeldRequest[]> {
  const held = Array.from({ length: count }, (_, i) =>
    i < signUps
      ? heldRequest(`${server.url}/graphql`, {
          body: { query: SIGN_UP, variables: { input: { email: `${tag}-${i}@example.com`, firstName: 'In', lastName: 'Flight', password: PASSWORD } } },
        })
      : heldRequest(`${server.url}/graphql`, { headers: { authorization: `Bearer ${token}` }, body: { query: COUNT } }),
  );
  await Promise.all(held.map((request) => request.started));
  return held;
}

interface Outcome {
  response?: HttpResponse;
  error?: Error;
}

/**
 * Signals with every request of `held` in flight, waits (bounded) until a new
 * connection is refused, then lets the clients send their bodies.
 */
async function signalWithRequestsInFlight(server: ServerProcess, sig: NodeJS.Signals, held: HeldRequest[]) {
  server.signal(sig);
  await pollUntil('new connections to be refused', async () => (await probeConnection(server.port)) === 'refused', {
    timeoutMs: 5_000,
    intervalMs: 10,
  });
  const refusedAfterMs = Math.round(performance.now() - server.signalledAt!);
  const outcomes: Outcome[] = await Promise.all(
    held.map((request) => request.finish().then((response) => ({ response }), (error: Error) => ({ error }))),
  );
  return { outcomes, refusedAfterMs };
}

function expectAllAnswered(outcomes: Outcome[]): void {
  const failures = outcomes.filter((o) => o.error || o.response?.status !== 200 || o.response.body.errors);
  expect(failures.map((o) => o.error?.message ?? `${o.response?.status} ${o.response?.text}`)).toEqual([]);
}

describe('graceful shutdown on the embedded store', () => {
  let firstServer: ServerProcess;

  beforeAll(async () => {
    firstServer = await startAndTime('fresh DATA_DIR');
  }, 120_000);

  it("refuses a second process on the same DATA_DIR with one 'in use' line, leaving the first serving", async () => {
    const second = await runExpectingFailure(env);
    expect(second.exit.code).not.toBe(0);
    expect(second.exit.code).not.toBeNull();
    expect(second.stdoutLines.filter((line) => line.trim() !== '')).toEqual([]); // never logged, never listened
    const lines = second.stderrLines.filter((line) => line.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/in use/);
    expect(lines[0]).toContain(dataDir);
    expect(lines[0]).toContain(`pid ${firstServer.pid}`);
    // The refusal took nothing from the owner.
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(firstServer.pid));
    expect((await request(`${firstServer.url}/health/ready`)).status).toBe(200);
  });

  it(`on SIGTERM stops accepting, finishes ${IN_FLIGHT} requests in flight, closes the store and exits 0 within 10 s`, async () => {
    const server = firstServer;
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(server.pid)); // the store holds the directory
    const token = await signUpAndLogin(server, 'owner@example.com');
    const held = await inFlight(server, token, IN_FLIGHT, SIGN_UPS_IN_FLIGHT, 'term');

    const { outcomes, refusedAfterMs } = await signalWithRequestsInFlight(server, 'SIGTERM', held);
    const exit = await server.exited;
    console.log(
      `[shutdown SIGTERM] ${IN_FLIGHT} requests in flight (${SIGN_UPS_IN_FLIGHT} sign-ups); new connections refused ` +
        `${refusedAfterMs} ms after the signal; drain (signal to exit) ${exit.msSinceSignal} ms`,
    );

    expectAllAnswered(outcomes); // every request in flight completed, none was reset
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.msSinceSignal).toBeLessThan(CONTRACT_EXIT_MS);
    expect(existsSync(lockPath)).toBe(false); // the store was closed, not abandoned
    expect(server.logs().some((line) => line.msg === 'shut down cleanly')).toBe(true);
  });

  it('on SIGINT does the same, and the reopened store has every sign-up answered before the exit', async () => {
    const server = await startAndTime('reused DATA_DIR');
    expect(readFileSync(lockPath, 'utf8').trim()).toBe(String(server.pid));
    const token = await login(server, 'owner@example.com');
    const count = await graphql(server.url, COUNT, {}, { token });
    expect(count.body.data?.users.totalCount).toBe(1 + SIGN_UPS_IN_FLIGHT);

    const held = await inFlight(server, token, 8, 2, 'int');
    const { outcomes } = await signalWithRequestsInFlight(server, 'SIGINT', held);
    const exit = await server.exited;
    console.log(`[shutdown SIGINT] 8 requests in flight (2 sign-ups); drain (signal to exit) ${exit.msSinceSignal} ms`);
    expectAllAnswered(outcomes);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.msSinceSignal).toBeLessThan(CONTRACT_EXIT_MS);
    expect(existsSync(lockPath)).toBe(false);
  });
});
