import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { findLeaks } from '../hostile/support/leaks.js';
import { type ServerProcess, pollUntil, stopAllServers } from '../support/server-process.js';
import type { TcpProxy } from '../support/tcp-proxy.js';
import { graphql, type HttpResponse, request } from './http.js';
import { describeWithProxiedStores } from './proxied-store.js';

/**
 * CONTRACT.md, SERVICE_UNAVAILABLE, through a real server process under a
 * steady load of reads and sign-ups over REST and GraphQL, while a TCP proxy
 * cuts the database (PostgreSQL, then MongoDB on FerretDB) and brings it back:
 *
 * - every answer during the cut is 503 SERVICE_UNAVAILABLE with Retry-After
 *   (REST) or extensions {code, retryAfter} and HTTP 503 (GraphQL), never
 *   INTERNAL_SERVER_ERROR, never driver text;
 * - once the store is known down, sign-ups fail fast instead of spending a
 *   password hash (~0.4 s of CPU at the production cost) first;
 * - no acknowledged write is lost, and a sign-up answered 503 is safe to
 *   retry: it is then created, or CONFLICT if the first one was applied.
 */

afterAll(stopAllServers);

const PASSWORD = 'correct horse battery staple';
/** Between two requests of one worker: a steady trickle, not a flood. */
const PACE_MS = 100;
/** Generous bounds for a loaded 2-core machine; the contract promises no timing. */
const PHASE_MS = 30_000;
/**
 * A bound per worker, not a budget: the load must keep running through every
 * phase (fast-failing requests take a few ms each, so a small count would run
 * out during a long cut, and the return would meet no request at all).
 */
const MAX_REQUESTS_PER_WORKER = Math.ceil((4 * PHASE_MS) / PACE_MS);
/** Start-up aside: a healthy phase, the cut, the return, and the checks, each with production scrypt. */
const TEST_TIMEOUT_MS = 150_000;
/** Well under the ~0.45 s that one production hash costs here. */
const FAST_FAIL_MS = 200;

type Operation = 'rest-signup' | 'graphql-signup' | 'rest-read' | 'graphql-read';

interface Outcome {
  operation: Operation;
  /** The sign-up's input, to retry it and to look for it afterwards. */
  signUp?: { email: string; firstName: string; lastName: string; password: string };
  response?: HttpResponse;
  /** A transport failure: the server did not answer at all. */
  failure?: string;
  startedAt: number;
  endedAt: number;
}

const ms = (outcome: Outcome) => outcome.endedAt - outcome.startedAt;
const isSignUp = (outcome: Outcome) => outcome.operation === 'rest-signup' || outcome.operation === 'graphql-signup';

/** The id of the user a sign-up created, when the server said so (an acknowledged write). */
function acknowledgedId(outcome: Outcome): string | undefined {
  const { response } = outcome;
  if (!response) return undefined;
  if (outcome.operation === 'rest-signup') return response.status === 201 ? response.body.user?.id : undefined;
  return response.status === 200 && !response.body.errors ? response.body.data?.createUser?.id : undefined;
}

const succeeded = (outcome: Outcome): boolean =>
  isSignUp(outcome) ? acknowledgedId(outcome) !== undefined : outcome.response?.status === 200 && !outcome.response.body.errors;

/** The codes an answer carries: REST error.code, or every GraphQL extensions.code. */
function codesOf(outcome: Outcome): string[] {
  const body = outcome.response?.body;
  if (!body || typeof body !== 'object') return [];
  if (outcome.operation.startsWith('rest')) return body.error ? [body.error.code] : [];
  return (body.errors ?? []).map((error: { extensions?: { code?: string } }) => String(error.extensions?.code));
}

const isUnavailable = (outcome: Outcome) => outcome.response?.status === 503;

let seq = 0;
function newSignUp() {
  seq += 1;
  return { email: `outage${seq}-${randomBytes(3).toString('hex')}@example.com`, firstName: 'Out', lastName: 'Age', password: PASSWORD };
}

const SIGN_UP = 'mutation SignUp($input: CreateUserInput!) { createUser(input: $input) { id email } }';
const READ = 'query Users { users(first: 5) { totalCount } }';

function load(server: ServerProcess, token: string) {
  const outcomes: Outcome[] = [];
  let stopped = false;
  const auth = { authorization: `Bearer ${token}` };
  const operations: Record<Operation, () => Promise<Omit<Outcome, 'startedAt' | 'endedAt'>>> = {
    'rest-signup': async () => {
      const signUp = newSignUp();
      return { operation: 'rest-signup', signUp, response: await request(`${server.url}/api/users`, { body: signUp, timeoutMs: 20_000 }) };
    },
    'graphql-signup': async () => {
      const signUp = newSignUp();
      return { operation: 'graphql-signup', signUp, response: await graphql(server.url, SIGN_UP, { input: signUp }, { timeoutMs: 20_000 }) };
    },
    'rest-read': async () => ({
      operation: 'rest-read',
      response: await request(`${server.url}/api/users?first=5`, { headers: auth, timeoutMs: 20_000 }),
    }),
    'graphql-read': async () => ({ operation: 'graphql-read', response: await graphql(server.url, READ, {}, { token, timeoutMs: 20_000 }) }),
  };
  const worker = async (operation: Operation) => {
    for (let n = 0; n < MAX_REQUESTS_PER_WORKER && !stopped; n++) {
      const startedAt = performance.now();
      try {
        const result = await operations[operation]();
        outcomes.push({ ...result, startedAt, endedAt: performance.now() });
      } catch (error) {
        outcomes.push({ operation, failure: String(error), startedAt, endedAt: performance.now() });
      }
      await new Promise((resolve) => setTimeout(resolve, PACE_MS)); // pacing the load, not waiting for a state
    }
  };
  const running = Promise.all((Object.keys(operations) as Operation[]).map(worker));
  return {
    outcomes,
    async stop(): Promise<Outcome[]> {
      stopped = true;
      await running;
      return outcomes;
    },
  };
}

/** The same scenario for each database. */
function outageUnderLoad(storeName: string, setup: () => { server: () => ServerProcess; proxy: () => TcpProxy }): void {
  const { server, proxy } = setup();

  it('answers the cut with SERVICE_UNAVAILABLE and Retry-After, fails sign-ups fast, and loses no acknowledged write', async () => {
    const url = server().url;
    const admin = newSignUp();
    expect((await request(`${url}/api/users`, { body: admin })).status).toBe(201);
    const login = await request(`${url}/api/auth/login`, { body: { email: admin.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const token: string = login.body.accessToken;

    const running = load(server(), token);
    let outcomes: Outcome[] = running.outcomes;
    const since = (at: number) => outcomes.filter((outcome) => outcome.startedAt >= at);
    try {
      // Healthy first: every kind of request succeeds.
      await pollUntil('every operation to succeed before the cut', () =>
        (['rest-signup', 'graphql-signup', 'rest-read', 'graphql-read'] as const).every((op) =>
          outcomes.some((outcome) => outcome.operation === op && succeeded(outcome)),
        ), { timeoutMs: PHASE_MS, intervalMs: 100 });

      const cutAt = performance.now();
      await proxy().stop();
      // Down long enough that both transports' sign-ups and reads met the outage, several after it was known.
      await pollUntil('503s on every operation and fast-failing sign-ups', () => {
        const cut = since(cutAt);
        const firstKnown = Math.min(...cut.filter(isUnavailable).map((outcome) => outcome.endedAt));
        const everyOperation = (['rest-signup', 'graphql-signup', 'rest-read', 'graphql-read'] as const).every((op) =>
          cut.some((outcome) => outcome.operation === op && isUnavailable(outcome)),
        );
        const fastOnes = cut.filter((outcome) => isSignUp(outcome) && isUnavailable(outcome) && outcome.startedAt > firstKnown);
        return everyOperation && fastOnes.length >= 6;
      }, { timeoutMs: PHASE_MS, intervalMs: 100 });

      // A document where one field needs no store still answers 200, with Retry-After for the field that failed.
      const partial = await graphql(url, 'query Partial($id: ID!) { __typename user(id: $id) { id } }', { id: 'no-such-id' }, { token });
      expect(partial.status).toBe(200);
      expect(partial.body.data).toEqual({ __typename: 'Query', user: null });
      expect(partial.body.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(Number(partial.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The same field alone: nothing succeeded, so 503, although data is {user: null}.
      const alone = await graphql(url, 'query Alone($id: ID!) { user(id: $id) { id } }', { id: 'no-such-id' }, { token });
      expect(alone.status).toBe(503);
      expect(alone.body.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

      const backAt = performance.now();
      await proxy().start();
      await pollUntil('sign-ups to succeed again on both transports', () =>
        (['rest-signup', 'graphql-signup'] as const).every((op) =>
          since(backAt).some((outcome) => outcome.operation === op && succeeded(outcome)),
        ), { timeoutMs: PHASE_MS, intervalMs: 100 });
      const recoveredAt = Math.min(...since(backAt).filter(succeeded).map((outcome) => outcome.endedAt));
      outcomes = await running.stop();

      // Every request was answered; nothing was INTERNAL_SERVER_ERROR; every failure is SERVICE_UNAVAILABLE, done right.
      expect(outcomes.filter((outcome) => outcome.failure).map((outcome) => outcome.failure)).toEqual([]);
      const failures = outcomes.filter((outcome) => !succeeded(outcome));
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        const { response } = failure;
        const where = `${failure.operation} answered ${response!.status}: ${response!.text.slice(0, 300)}`;
        expect(response!.status, where).toBe(503);
        expect(codesOf(failure), where).toEqual(['SERVICE_UNAVAILABLE']);
        const header = Number(response!.headers['retry-after']);
        expect(header, where).toBeGreaterThanOrEqual(1);
        expect(header, where).toBeLessThanOrEqual(5);
        const bodyRetry = failure.operation.startsWith('rest') ? response!.body.error.retryAfter : response!.body.errors[0].extensions.retryAfter;
        expect(bodyRetry, where).toBe(header);
        expect(findLeaks(response!.text, [PASSWORD]), where).toEqual([]);
      }

      // Fast failure: sign-ups that arrived once the store was known down spent no hash.
      const firstKnown = Math.min(...failures.map((outcome) => outcome.endedAt));
      const fast = failures.filter((outcome) => isSignUp(outcome) && outcome.startedAt > firstKnown && outcome.endedAt < backAt);
      const durations = fast.map(ms).sort((a, b) => a - b);
      const median = durations[Math.floor(durations.length / 2)]!;
      expect(fast.length).toBeGreaterThanOrEqual(6);
      expect(median).toBeLessThan(FAST_FAIL_MS);
      const slowest = durations.at(-1)!;

      // No acknowledged write is lost: every user the server said it created is there.
      const acknowledged = outcomes.filter((outcome) => acknowledgedId(outcome));
      for (const outcome of acknowledged) {
        const read = await request(`${url}/api/users/${acknowledgedId(outcome)}`, { headers: { authorization: `Bearer ${token}` } });
        expect(read.status, outcome.signUp!.email).toBe(200);
        expect(read.body.user.email).toBe(outcome.signUp!.email);
      }

      // A sign-up answered 503 is safe to retry: created now, or CONFLICT because the first one was applied.
      // All of those in flight at the cut (they may have been applied), and a few that failed fast.
      const refused = failures.filter(isSignUp);
      const retried = [...refused.filter((outcome) => outcome.startedAt <= firstKnown), ...fast.slice(0, 4)];
      const retries: Record<number, number> = {};
      for (const outcome of retried) {
        const again = await request(`${url}/api/users`, { body: outcome.signUp });
        expect([201, 409], `${outcome.signUp!.email}: ${again.text}`).toContain(again.status);
        retries[again.status] = (retries[again.status] ?? 0) + 1;
      }

      console.log(
        `[store-outage ${storeName}] ${outcomes.length} requests, ${acknowledged.length} acknowledged sign-ups, ` +
          `${failures.length} answered 503; fast-failed sign-ups: ${fast.length}, median ${Math.round(median)} ms, slowest ${Math.round(slowest)} ms; ` +
          `first 503 ${Math.round(firstKnown - cutAt)} ms after the cut; recovered ${Math.round(recoveredAt - backAt)} ms after the return; ` +
          `retried 503 sign-ups: ${JSON.stringify(retries)}`,
      );
      expect(server().hasExited()).toBe(false);
    } finally {
      await running.stop();
      await proxy().start();
    }
  }, TEST_TIMEOUT_MS);
}

describeWithProxiedStores('a store cut under load', (kind, store) => outageUnderLoad(kind, store));
