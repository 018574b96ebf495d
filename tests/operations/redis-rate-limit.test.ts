import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';
import { type ServerProcess, startServer, stopAllServers } from '../support/server-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/sql-stores.js';
import { graphql, type HttpResponse, request, uniqueLoopbackAddress } from './http.js';
import { describeWith, redisUrl } from './services.js';

/**
 * CONTRACT.md, "Rate limits": 10 failed logins in a row for one email from one
 * client per 15 minutes, then TOO_MANY_REQUESTS with Retry-After. With
 * REDIS_URL the counters are shared, so failures spread over two processes add up. Every run uses its own email
 * and its own client address (127.x.y.z), so counters left in Redis by an
 * earlier run (they live 15 minutes) cannot change the outcome.
 */

const FAILURES_ALLOWED = 10;
const WINDOW_SECONDS = 15 * 60;
/** Each scenario makes a dozen or two real scrypt checks; on a busy 2-core machine that takes a while. */
const SCENARIO_TIMEOUT_MS = 90_000;
/** A dozen parallel scrypt checks queue behind each other in one process. */
const REQUEST_TIMEOUT_MS = 60_000;
const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

afterAll(stopAllServers);

const uniqueEmail = (label: string) => `${label}-${randomBytes(6).toString('hex')}@example.com`;

function restLogin(server: ServerProcess, email: string, localAddress: string): Promise<HttpResponse> {
  return request(`${server.url}/api/auth/login`, { body: { email, password: 'not the password' }, localAddress, timeoutMs: REQUEST_TIMEOUT_MS });
}

function graphqlLogin(server: ServerProcess, email: string, localAddress: string) {
  return graphql(server.url, LOGIN, { email, password: 'not the password' }, { localAddress, timeoutMs: REQUEST_TIMEOUT_MS });
}

/** A failed login: 401 UNAUTHENTICATED over REST, extensions.code UNAUTHENTICATED over GraphQL. */
function expectFailedLogin(response: HttpResponse): void {
  if (response.body?.error) {
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  } else {
    expect(response.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  }
  expect(response.headers['retry-after']).toBeUndefined();
}

function expectRetryAfter(value: unknown): number {
  expect(value).toEqual(expect.any(Number));
  const seconds = value as number;
  expect(Number.isInteger(seconds)).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(WINDOW_SECONDS);
  return seconds;
}

describeWith(['postgres', 'redis'], 'login rate limits across processes and inside one', () => {
  let database: { name: string; url: string } | undefined;
  let sharedA: ServerProcess;
  let sharedB: ServerProcess;
  let alone: ServerProcess;
  let unlimited: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migratePostgres(database.url);
    const env = { DB_TYPE: 'sql', DATABASE_URL: database.url };
    [sharedA, sharedB, alone, unlimited] = await Promise.all([
      startServer({ env: { ...env, RATE_LIMIT: 'on', REDIS_URL: redisUrl } }),
      startServer({ env: { ...env, RATE_LIMIT: 'on', REDIS_URL: redisUrl } }),
      startServer({ env: { ...env, RATE_LIMIT: 'on' } }),
      startServer({ env: { ...env, RATE_LIMIT: 'off' } }),
    ]);
  });

  afterAll(async () => {
    await stopAllServers();
    if (database) await dropTestDatabase(database.name);
  });

  // Three servers, three independent scenarios: run side by side.
    it.concurrent('counts failed logins for one email across two processes sharing Redis: the 11th overall is refused', async () => {
      const email = uniqueEmail('shared');
      const client = uniqueLoopbackAddress();
      // Ten failures, alternating processes and transports: A sees REST then GraphQL, B the reverse.
      for (let pair = 1; pair <= FAILURES_ALLOWED / 2; pair++) {
        const [first, second] = pair % 2 ? [sharedA, sharedB] : [sharedB, sharedA];
        expectFailedLogin(await restLogin(first, email, client));
        expectFailedLogin(await graphqlLogin(second, email, client));
      }

      // Eleventh, over REST, on a process that has seen only half of them.
      const rest = await restLogin(sharedB, email, client);
      expect(rest.status).toBe(429);
      expect(rest.body.error.code).toBe('TOO_MANY_REQUESTS');
      const seconds = expectRetryAfter(rest.body.error.retryAfter);
      expect(rest.headers['retry-after']).toBe(String(seconds));

      // Twelfth, over GraphQL, on the other process.
      const gql = await graphqlLogin(sharedA, email, client);
      const error = gql.body.errors?.[0];
      expect(error?.extensions?.code).toBe('TOO_MANY_REQUESTS');
      const gqlSeconds = expectRetryAfter(error?.extensions?.retryAfter);
      expect(gql.headers['retry-after']).toBe(String(gqlSeconds));
      expect(gql.status).toBe(429); // nothing else in the document succeeded

      // Another email from the same client is not affected: the count is per email and client.
      expectFailedLogin(await restLogin(sharedB, uniqueEmail('other'), client));
    }, SCENARIO_TIMEOUT_MS);

    it.concurrent('counts aliased logins in one process without Redis: each document of failed aliases spends an attempt, the 11th is refused', async () => {
      const email = uniqueEmail('aliased');
      const client = uniqueLoopbackAddress();
      const aliases = (n: number) =>
        `mutation Aliased($email: String!, $password: String!) { ${Array.from(
          { length: n },
          (_, i) => `a${i + 1}: login(email: $email, password: $password) { accessToken }`,
        ).join(' ')} }`;
      const send = (n: number) => graphql(alone.url, aliases(n), { email, password: 'not the password' }, { localAddress: client });

      // Mutation fields run one after another, and a failed login (non-null AuthPayload)
      // ends the document: so each document makes exactly one attempt, which counts.
      for (let documents = 1; documents <= FAILURES_ALLOWED; documents++) {
        const answer = await send(documents % 2 ? 5 : 3);
        expect(answer.body.data).toBeNull();
        expect(answer.body.errors?.map((e: { path?: string[]; extensions?: { code?: string } }) => [e.path?.[0], e.extensions?.code])).toEqual([
          ['a1', 'UNAUTHENTICATED'],
        ]);
      }
      // The limit is reached: the next document's first alias is refused before any password check.
      const refused = await send(8);
      expect(refused.status).toBe(429);
      expect(refused.body.errors?.map((e: { path?: string[]; extensions?: { code?: string } }) => [e.path?.[0], e.extensions?.code])).toEqual([
        ['a1', 'TOO_MANY_REQUESTS'],
      ]);
      const seconds = expectRetryAfter(refused.body.errors?.[0]?.extensions?.retryAfter);
      expect(refused.headers['retry-after']).toBe(String(seconds));
    }, SCENARIO_TIMEOUT_MS);

    it.concurrent('with RATE_LIMIT=off, refuses nothing after more than 10 failures', async () => {
      const email = uniqueEmail('unlimited');
      const client = uniqueLoopbackAddress();
      const answers = await Promise.all(
        Array.from({ length: FAILURES_ALLOWED + 2 }, (_, i) => (i % 2 === 0 ? restLogin(unlimited, email, client) : graphqlLogin(unlimited, email, client))),
      );
      for (const answer of answers) expectFailedLogin(answer);
      // And once more after all twelve have failed.
      expectFailedLogin(await restLogin(unlimited, email, client));
    }, SCENARIO_TIMEOUT_MS);
});
