/**
 * CONTRACT.md, SERVICE_UNAVAILABLE, at the transports: the core's
 * ServiceUnavailableError is 503 with `Retry-After` and `retryAfter` on REST,
 * `extensions.code` SERVICE_UNAVAILABLE with `retryAfter` and HTTP 503 on
 * GraphQL when nothing in the document succeeded, and never
 * INTERNAL_SERVER_ERROR. Here the store (memory) is told it is known down;
 * tests/operations/store-outage.test.ts cuts real databases under load.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../src/core/shared/errors.js';
import type { StoreAvailability } from '../../../src/core/shared/store-availability.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { graphql, request } from '../../operations/http.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

const RETRY_AFTER = 4;
const PASSWORD = 'correct horse battery staple';

class Switch implements StoreAvailability {
  down = false;
  assertAvailable(): void {
    if (this.down) throw new ServiceUnavailableError(RETRY_AFTER);
  }
}

const memory = createMemoryStore();
const availability = new Switch();
let server: TestServer;
let seq = 0;

const signUp = () => {
  seq += 1;
  return { email: `down${seq}@example.com`, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD };
};

beforeAll(async () => {
  const store = { ...memory, availability };
  server = await startTestServer({ store, reset: async () => memory.clear(), dispose: () => memory.close() });
});
afterAll(() => server?.close());
beforeEach(() => {
  availability.down = false;
});

function expectRetryAfter(headers: Record<string, unknown>): void {
  expect(headers['retry-after']).toBe(String(RETRY_AFTER));
}

describe('REST while the store is known down', () => {
  it('answers a sign-up 503 SERVICE_UNAVAILABLE with Retry-After and retryAfter, and stores nothing', async () => {
    availability.down = true;
    const answer = await request(`${server.url}/api/users`, { body: signUp() });
    expect(answer.status).toBe(503);
    expectRetryAfter(answer.headers);
    expect(answer.body).toEqual({ error: { code: 'SERVICE_UNAVAILABLE', message: expect.any(String), retryAfter: RETRY_AFTER } });
    expect(await memory.users.count()).toBe(0);
  });

  it('answers a login 503 SERVICE_UNAVAILABLE, and the same login succeeds once the store is back', async () => {
    const input = signUp();
    expect((await request(`${server.url}/api/users`, { body: input })).status).toBe(201);
    availability.down = true;
    const refused = await request(`${server.url}/api/auth/login`, { body: { email: input.email, password: PASSWORD } });
    expect(refused.status).toBe(503);
    expectRetryAfter(refused.headers);
    expect(refused.body.error.code).toBe('SERVICE_UNAVAILABLE');
    availability.down = false;
    const again = await request(`${server.url}/api/auth/login`, { body: { email: input.email, password: PASSWORD } });
    expect(again.status).toBe(200);
    expect(again.headers['retry-after']).toBeUndefined();
  });
});

describe('GraphQL while the store is known down', () => {
  const CREATE = 'mutation SignUp($input: CreateUserInput!) { createUser(input: $input) { id } }';

  it('answers HTTP 503 with Retry-After, and extensions {code: SERVICE_UNAVAILABLE, retryAfter}, when nothing succeeded', async () => {
    availability.down = true;
    const answer = await graphql(server.url, CREATE, { input: signUp() });
    expect(answer.status).toBe(503);
    expectRetryAfter(answer.headers);
    expect(answer.body.data ?? null).toBeNull();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ message: expect.any(String), extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: RETRY_AFTER } }),
    ]);
  });

  it('answers 200 without Retry-After once the store is available again', async () => {
    const answer = await graphql(server.url, CREATE, { input: signUp() });
    expect(answer.status).toBe(200);
    expect(answer.headers['retry-after']).toBeUndefined();
    expect(answer.body.data?.createUser.id).toEqual(expect.any(String));
  });
});
