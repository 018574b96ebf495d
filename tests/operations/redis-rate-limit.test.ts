import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';
import { type ServerProcess, startServer, stopAllServers } from '../support/server-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/sql-stores.js';
import { graphql, type HttpResponse, request, uniqueLoopbackAddress } from './http.js';
import { describeWith, redisUrl } from './services.js';

/**
 * CONTRACT.md, "Rate limits": 5 failed logins per email per 15 minutes, then
 * TOO_MANY_REQUESTS with Retry-After. With REDIS_URL the counters are shared,
 * so failures spread over two processes add up. Every run uses its own email
 * and its own client address (127.x.y.z), so counters left in Redis by an
 * earlier run (they live 15 minutes) cannot change the outcome.
 */

const FAILURES_ALLOWED = 5;
const WINDOW_SECONDS = 15 * 60;
/** Each scenario makes a dozen real scrypt checks; on a busy 2-core machine that takes a while. */
const SCENARIO_TIMEOUT_MS = 60_000;
const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

afterAll(stopAllServers);

const uniqueEmail = (label: string) => `${label}-${randomBytes(6).toString('hex')}@example.com`;

function restLogin(server: ServerProcess, email: string, localAddress: string): Promise<HttpResponse> {
  return request(`${server.url}/api/auth/login`, { body: { email, password: 'not the password' }, localAddress });
}

function graphqlLogin(server: ServerProcess, email: string, localAddress: string) {
  return graphql(server.url, LOGIN, { email, password: 'not the password' }, { localAddress });
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
    it.concurrent('counts failed logins for one email across two processes sharing Redis: the 6th overall is refused', async () => {
      const email = uniqueEmail('shared');
      const client = uniqueLoopbackAddress();
      // Five failures, alternating processes and transports.
      expectFailedLogin(await restLogin(sharedA, email, client));
      expectFailedLogin(await graphqlLogin(sharedB, email, client));
      expectFailedLogin(await restLogin(sharedB, email, client));
      expectFailedLogin(await graphqlLogin(sharedA, email, client));
      expectFailedLogin(await restLogin(sharedA, email, client));

      // Sixth, over REST, on the process that has seen only two of them.
      const rest = await restLogin(sharedB, email, client);
      expect(rest.status).toBe(429);
      expect(rest.body.error.code).toBe('TOO_MANY_REQUESTS');
      const seconds = expectRetryAfter(rest.body.error.retryAfter);
      expect(rest.headers['retry-after']).toBe(String(seconds));

      // Seventh, over GraphQL, on the other process.
      const gql = await graphqlLogin(sharedA, email, client);
      const error = gql.body.errors?.[0];
      expect(error?.extensions?.code).toBe('TOO_MANY_REQUESTS');
      const gqlSeconds = expectRetryAfter(error?.extensions?.retryAfter);
      expect(gql.headers['retry-after']).toBe(String(gqlSeconds));
      expect(gql.status).toBe(429); // nothing else in the document succeeded

      // Another email from the same client is not affected: the limit is per email.
      expectFailedLogin(await restLogin(sharedB, uniqueEmail('other'), client));
    }, SCENARIO_TIMEOUT_MS);

    it.concurrent('counts aliased logins in one process without Redis: each document of failed aliases spends an attempt, the 6th is refused', async () => {
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
        const answer = await send(documents === 1 ? 5 : 3);
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
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? restLogin(unlimited, email, client) : graphqlLogin(unlimited, email, client))),
      );
      for (const answer of answers) expectFailedLogin(answer);
      // And once more after all twelve have failed.
      expectFailedLogin(await restLogin(unlimited, email, client));
    }, SCENARIO_TIMEOUT_MS);
});
