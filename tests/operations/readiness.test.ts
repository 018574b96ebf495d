import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedPort } from '../support/ports.js';
import { type LogLine, type ServerProcess, pollUntil, startServer, stopAllServers } from '../support/server-process.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import { graphql, request } from './http.js';
import { describeWithProxiedStores } from './proxied-store.js';

/**
 * CONTRACT.md, "Operations": /health/ready answers 200 while the database
 * answers, 503 while it does not, and flips back by itself. The database
 * "goes away" by stopping a TCP proxy the server connects through; the server
 * process is never restarted.
 */

/** Generous: the contract promises no timing, only that the flip happens by itself. */
const FLIP_BOUND_MS = 15_000;

afterAll(stopAllServers);

async function ready(server: ServerProcess): Promise<number> {
  return (await request(`${server.url}/health/ready`, { timeoutMs: 10_000 })).status;
}

/** Polls readiness until it answers `status`; returns how long that took from `since`. */
async function readinessBecomes(server: ServerProcess, status: number, since: number): Promise<number> {
  await pollUntil(`/health/ready to answer ${status}`, async () => (await ready(server)) === status, {
    timeoutMs: FLIP_BOUND_MS,
    intervalMs: 100,
  });
  return Math.round(performance.now() - since);
}

async function signUp(server: ServerProcess) {
  const email = `ready-${randomBytes(4).toString('hex')}@example.com`;
  return graphql(server.url, 'mutation SignUp($input: CreateUserInput!) { createUser(input: $input) { id email } }', {
    input: { email, firstName: 'Ready', lastName: 'Check', password: 'correct horse battery' },
  });
}

/** The same scenario for each database: up, away, back, without touching the server. */
function readinessFlips(store: string, setup: () => { server: () => ServerProcess; proxy: () => TcpProxy }): void {
  const { server, proxy } = setup();

  it('answers /health/live 200 {"status":"ok"}', async () => {
    const live = await request(`${server().url}/health/live`);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
  });

  it('turns /health/ready 503 when the database goes away and 200 again when it returns, without a restart', async () => {
    expect(await ready(server())).toBe(200);
    const before = proxy().accepted;
    expect(before).toBeGreaterThan(0); // the server really talks to the database through the proxy

    await proxy().stop();
    const downDetectionMs = await readinessBecomes(server(), 503, performance.now());
    // Liveness does not depend on the database: the process still serves.
    expect((await request(`${server().url}/health/live`)).status).toBe(200);

    await proxy().start();
    const recoveryMs = await readinessBecomes(server(), 200, performance.now());
    console.log(`[readiness ${store}] down-detection ${downDetectionMs} ms, recovery ${recoveryMs} ms`);

    expect(server().hasExited()).toBe(false);
    expect(proxy().accepted).toBeGreaterThan(before); // it reconnected through the proxy, not some other way
    expect(downDetectionMs).toBeLessThan(FLIP_BOUND_MS);
    expect(recoveryMs).toBeLessThan(FLIP_BOUND_MS);

    // Not just the ping: real work goes through again.
    const created = await signUp(server());
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data?.createUser.id).toEqual(expect.any(String));
  });
}

describeWithProxiedStores('readiness', (kind, store) => readinessFlips(kind, store));

describe('readiness while Redis is configured but away (REDIS_URL to a port nobody listens on)', () => {
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const port = await unusedPort();
    server = await startServer({ env: { DB_TYPE: 'memory', RATE_LIMIT: 'on', REDIS_URL: `redis://127.0.0.1:${port}` } });
  });

  afterAll(async () => {
    await server?.kill();
  });

  it('stays 200 with {"status":"ok","degraded":["redis"]}, logs the outage once, and still logs users in', async () => {
    const answer = await request(`${server!.url}/health/ready`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok', degraded: ['redis'] });
    const created = await signUp(server!);
    expect(created.body.errors).toBeUndefined();
    const login = await graphql(server!.url, 'mutation LogIn($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }', {
      email: created.body.data.createUser.email,
      password: 'correct horse battery',
    });
    expect(login.body.errors).toBeUndefined();
    expect(login.body.data?.login.accessToken).toEqual(expect.any(String));
    const outage = (line: LogLine) => line.level === 40 && line.msg.startsWith('redis does not answer');
    await server!.waitForLog(outage);
    expect(server!.logs().filter(outage)).toHaveLength(1);
  });
});
