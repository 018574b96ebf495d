/**
 * How failures reach a GraphQL client: core codes as extensions.code, Apollo's
 * own request errors kept, everything else masked as INTERNAL_SERVER_ERROR.
 */
import type { CoreDeps } from '../../../src/core/use-cases.js';
import { describe, expect, it, vi } from 'vitest';
import { TooManyRequestsError } from '../../../src/core/shared/errors.js';
import type { UserRepository } from '../../../src/core/users/user-repository.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { DOCUMENT_LIMITS } from '../../../src/entry-points/graphql/document-limits.js';
import { graphql } from '../../support/graphql/generated/index.js';
import { CREATE_USER, LOGIN, ME, newUser, PASSWORD } from './documents.js';
import { codeOf, createHarness, onlyError } from './harness.js';
import { testUseCases } from './support.js';

const DRIVER_TEXT = 'relation "users" does not exist (SQL: SELECT * FROM users WHERE email = $1)';

/** A store whose database is gone: every user read or write fails the way a driver does. */
function brokenStore(): CoreDeps['store'] {
  const healthy = createMemoryStore();
  const users = new Proxy(healthy.users, {
    get: () => async () => {
      throw new Error(DRIVER_TEXT);
    },
  }) as UserRepository;
  return { ...healthy, users };
}

describe('unexpected errors', () => {
  it('reach the client as INTERNAL_SERVER_ERROR with a generic message, no driver text and no stack', async () => {
    const h = await createHarness(brokenStore());
    const result = await h.run(CREATE_USER, { input: newUser(1) });
    expect(onlyError(result)).toEqual({
      message: 'Internal server error',
      locations: expect.any(Array),
      path: ['createUser'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(result)).not.toMatch(/relation|SQL|users WHERE|stack/i);
  });

  it('are logged with the original error for the operator', async () => {
    const h = await createHarness(brokenStore());
    await h.run(CREATE_USER, { input: newUser(1) });
    expect(h.logged).toHaveLength(1);
    expect(h.logged[0]!.obj).toMatchObject({ err: expect.objectContaining({ message: DRIVER_TEXT }), path: ['createUser'] });
  });

  it('never include the password, neither in the answer nor in the log', async () => {
    const h = await createHarness(brokenStore());
    const result = await h.run(CREATE_USER, { input: newUser(1) });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(JSON.stringify(h.logged, (_key, value) => (value instanceof Error ? value.message : value))).not.toContain(PASSWORD);
  });

  it('make me fail rather than answer null when the store cannot check the token', async () => {
    const healthy = createMemoryStore();
    const h = await createHarness(healthy);
    const { accessToken } = await h.signIn((await h.signUp(1)).email);
    const broken = await createHarness(brokenStore());
    expect(codeOf(await broken.run(ME, {}, { token: accessToken }))).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('core errors', () => {
  it('carry retryAfter with TOO_MANY_REQUESTS when logins are throttled', async () => {
    const store = createMemoryStore();
    const throttle = { acquire: async () => Promise.reject(new TooManyRequestsError(42)), release: async () => {}, giveBack: async () => {} };
    const h = await createHarness(store, testUseCases(store, { loginThrottle: throttle }));
    const error = onlyError(await h.run(LOGIN, { email: 'user1@example.com', password: PASSWORD }));
    expect(error.extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfter: 42 });
  });
});

describe("Apollo's request errors", () => {
  const store = createMemoryStore();
  const harness = createHarness(store);

  it('keep GRAPHQL_PARSE_FAILED for a document that does not parse', async () => {
    expect(codeOf(await (await harness).run('{ me { id }'))).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keep GRAPHQL_VALIDATION_FAILED for a field the schema does not have', async () => {
    expect(codeOf(await (await harness).run('{ me { passwordHash } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keep BAD_USER_INPUT for a variable of the wrong type, without echoing its value', async () => {
    const result = await (await harness).run(CREATE_USER, { input: newUser(1, { password: 987654321 }) });
    const error = onlyError(result);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('input.password');
    expect(JSON.stringify(result)).not.toContain('987654321');
  });

  it('do not echo a literal of the wrong type written in the document', async () => {
    const result = await (await harness).run('mutation { login(email: "a@example.com", password: 987654321) { accessToken } }');
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(result)).not.toContain('987654321');
  });

  it('keep OPERATION_RESOLUTION_FAILURE for an unknown operationName, without echoing the name', async () => {
    const server = (await harness).server;
    const response = await server.executeOperation({ query: 'query Me { me { id } }', operationName: 'my-secret-name' });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const error = onlyError(response.body.singleResult);
    expect(error.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    expect(error.message).toBe('No operation in the document has the name given as operationName.');
    expect(JSON.stringify(response.body.singleResult)).not.toContain('my-secret-name');
  });

  it('refuse introspection when it is switched off', async () => {
    expect(codeOf(await (await harness).run('{ __schema { queryType { name } } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it(`refuse more than ${DOCUMENT_LIMITS.aliases} aliases before any resolver runs`, async () => {
    const aliases = Array.from({ length: DOCUMENT_LIMITS.aliases + 1 }, (_, i) => `a${i}: createUser(input: { email: "u${i}@example.com", firstName: "A", lastName: "B", password: "${PASSWORD}" }) { id }`);
    const result = await (await harness).run(`mutation { ${aliases.join(' ')} }`);
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await store.users.count()).toBe(0);
  });
});

describe('request context', () => {
  it('verifies the access token once however many fields need the caller', async () => {
    const store = createMemoryStore();
    const h = await createHarness(store);
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    const verify = vi.spyOn(h.useCases.authenticate, 'execute');
    const meThreeWays = graphql(`query MeThreeWays($id: ID!) { me { id } user(id: $id) { id } users { totalCount } }`);
    const result = await h.run(meThreeWays, { id: user.id }, { token: accessToken });
    expect(result.errors).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('does not verify anything for public operations', async () => {
    const h = await createHarness(createMemoryStore());
    const verify = vi.spyOn(h.useCases.authenticate, 'execute');
    await h.run(CREATE_USER, { input: newUser(1) }, { token: 'whatever' });
    expect(verify).not.toHaveBeenCalled();
  });
});

