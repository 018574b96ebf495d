/**
 * The GraphQL contract over real HTTP: the whole application on an ephemeral
 * port, once per store. Resolver-level details are in operations.test.ts; this
 * suite checks what only the transport and a real database can show.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { describeEachStore, memoryStore } from '../../support/stores.js';
import { fastHasher, startTestServer, type TestServer } from '../../support/test-server.js';
import {
  type AuthJson,
  CREATE_USER,
  DELETE_USER,
  LOGIN,
  LOGOUT,
  ME,
  newUser,
  PASSWORD,
  REFRESH,
  UPDATE_USER,
  USERS,
  type UserJson,
  type VariablesThen,
} from './documents.js';

const CLOSE_WITHIN_MS = 5_000;

interface Answer<TData = Record<string, any>> {
  status: number;
  body: { data?: TData | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** Bounded, so a shutdown that hangs fails in seconds instead of at the hook timeout. */
async function closeWithin(server: TestServer): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test server did not close within ${CLOSE_WITHIN_MS} ms`)), CLOSE_WITHIN_MS);
  });
  await Promise.race([server.close(), hung]).finally(() => clearTimeout(timer));
}

async function answer<TData = Record<string, any>>(response: Response): Promise<Answer<TData>> {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const codes = (answer: Answer<unknown>) => answer.body.errors?.map((error) => error.extensions?.code);

describeEachStore('GraphQL over HTTP', (fixture) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(fixture());
  });
  afterAll(async () => {
    if (server) await closeWithin(server);
  });

  /** A typed document over HTTP: tsc checks its variables and the data of the answer against the schema. */
  const post = async <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...[variables, token]: VariablesThen<TVariables, [token: string]>) =>
    answer<TData>(
      await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
      }),
    );

  const signUp = async (n: number | string): Promise<UserJson> => {
    const { body } = await post(CREATE_USER, { input: newUser(n) });
    expect(body.errors).toBeUndefined();
    return body.data!.createUser;
  };

  const signIn = async (email: string, password = PASSWORD): Promise<AuthJson> => {
    const { body } = await post(LOGIN, { email, password });
    expect(body.errors).toBeUndefined();
    return body.data!.login;
  };

  /** The first administrator is made by an operator; here, straight into the store. */
  const anAdmin = async (): Promise<AuthJson> => {
    const now = new Date();
    await fixture().store.users.insert({
      ...newUser('admin'),
      password: undefined,
      id: newId(now),
      passwordHash: await fastHasher.hash(PASSWORD),
      role: 'ADMIN',
      createdAt: now,
      updatedAt: now,
      tokenVersion: 0,
    } as never);
    return signIn('useradmin@example.com');
  };

  it('signs a user up, logs in, and answers me for the Bearer token', async () => {
    const user = await signUp(1);
    expect(user).toMatchObject({ email: 'user1@example.com', role: 'USER' });
    const session = await signIn(user.email);
    expect(session.user).toEqual(user);
    expect(await post(ME, {}, session.accessToken)).toEqual({ status: 200, body: { data: { me: user } } });
    expect((await post(ME)).body).toEqual({ data: { me: null } });
  });

  it('rotates refresh tokens: the new one works, the old one is refused', async () => {
    const session = await signIn((await signUp(1)).email);
    const rotated = await post(REFRESH, { token: session.refreshToken });
    expect(rotated.body.errors).toBeUndefined();
    const next = rotated.body.data!.refreshToken;
    expect((await post(ME, {}, next.accessToken)).body.data!.me!.id).toBe(session.user.id);
    expect(codes(await post(REFRESH, { token: session.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('logs out: true, and the refresh token stops working', async () => {
    const session = await signIn((await signUp(1)).email);
    expect((await post(LOGOUT, { token: session.refreshToken })).body).toEqual({ data: { logout: true } });
    expect(codes(await post(REFRESH, { token: session.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('lets only the user or an ADMIN update and delete a user', async () => {
    const victim = await signUp(1);
    const other = await signIn((await signUp(2)).email);
    const admin = await anAdmin();
    expect(codes(await post(UPDATE_USER, { id: victim.id, input: { lastName: 'X' } }, other.accessToken))).toEqual(['FORBIDDEN']);
    expect(codes(await post(DELETE_USER, { id: victim.id }, other.accessToken))).toEqual(['FORBIDDEN']);
    expect(codes(await post(DELETE_USER, { id: victim.id }))).toEqual(['UNAUTHENTICATED']);
    const updated = await post(UPDATE_USER, { id: victim.id, input: { lastName: 'Hopper' } }, admin.accessToken);
    expect(updated.body.data!.updateUser).toMatchObject({ id: victim.id, lastName: 'Hopper' });
    expect((await post(DELETE_USER, { id: victim.id }, admin.accessToken)).body).toEqual({ data: { deleteUser: victim.id } });
    expect(codes(await post(DELETE_USER, { id: victim.id }, admin.accessToken))).toEqual(['NOT_FOUND']);
    expect((await post(DELETE_USER, { id: other.user.id }, other.accessToken)).body).toEqual({ data: { deleteUser: other.user.id } });
  });

  it('pages through users with first and after', async () => {
    for (let n = 1; n <= 3; n++) await signUp(n);
    const { accessToken } = await signIn('user1@example.com');
    const first = await post(USERS, { first: 2 }, accessToken);
    expect(first.body.data!.users).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const second = await post(USERS, { first: 2, after: first.body.data!.users.pageInfo.endCursor }, accessToken);
    expect(second.body.data!.users.edges.map((edge) => edge.node.email)).toEqual(['user3@example.com']);
    expect(second.body.data!.users.pageInfo).toEqual({ hasNextPage: false, endCursor: second.body.data!.users.edges[0]!.cursor });
  });

  it('lets exactly one of 20 concurrent sign-ups with one email win; the others get CONFLICT', async () => {
    const input = newUser('race');
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(CREATE_USER, { input })));
    const outcomes = answers.map((a) => (a.body.errors ? a.body.errors[0]!.extensions?.code : 'CREATED'));
    expect(outcomes.filter((outcome) => outcome === 'CREATED')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'CONFLICT')).toHaveLength(19);
    expect(await fixture().store.users.count()).toBe(1);
  });

  it('answers a query sent with GET', async () => {
    const { accessToken } = await signIn((await signUp(1)).email);
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent(print(ME))}`, {
      headers: { authorization: `Bearer ${accessToken}`, 'apollo-require-preflight': 'true' },
    });
    const got = await answer(response);
    expect(got.status).toBe(200);
    expect(got.body.data!.me.email).toBe('user1@example.com');
  });

  it('refuses a mutation sent with GET, and runs nothing', async () => {
    const query = `mutation { createUser(input: { email: "get@example.com", firstName: "A", lastName: "B", password: "${PASSWORD}" }) { id } }`;
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(405);
    expect(await fixture().store.users.count()).toBe(0);
  });

  it('refuses, as CSRF protection, a simple request: a GET without a preflight header, a text/plain POST', async () => {
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent(print(ME))}`);
    expect(get.status).toBe(400);
    const body = JSON.stringify({ query: print(CREATE_USER), variables: { input: newUser(1) } });
    const plain = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect([400, 415]).toContain(plain.status);
    expect(await fixture().store.users.count()).toBe(0);
  });

  it('refuses a batched array of operations, and runs none of them', async () => {
    const operation = { query: print(CREATE_USER), variables: { input: newUser(1) } };
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([operation, { ...operation, variables: { input: newUser(2) } }]),
    });
    expect(response.status).toBe(400);
    expect(await fixture().store.users.count()).toBe(0);
  });

  it('masks nothing a client can act on and shows no stack: errors arrive with their code over HTTP 200', async () => {
    const result = await post(USERS);
    expect(result.status).toBe(200);
    expect(result.body.errors).toEqual([
      { message: expect.any(String), locations: expect.any(Array), path: ['users'], extensions: { code: 'UNAUTHENTICATED' } },
    ]);
  });
});

describe('GraphQL landing page and introspection', () => {
  const INTROSPECTION = '{ __schema { queryType { name } } }';

  async function withServer(env: Record<string, string>, check: (url: string) => Promise<void>): Promise<void> {
    const fixture = await memoryStore.open();
    const server = await startTestServer(fixture, { env });
    try {
      await check(server.url);
    } finally {
      await closeWithin(server);
      await fixture.dispose();
    }
  }

  const introspect = async (url: string) =>
    answer(await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INTROSPECTION }) }));

  const landingPage = (url: string) => fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });

  it('serves Apollo Sandbox, with its telemetry off, and answers introspection outside production', async () => {
    await withServer({ NODE_ENV: 'development' }, async (url) => {
      const page = await landingPage(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('embeddable');
      expect(html).toContain('"runTelemetry":false');
      expect(html).not.toContain('"runTelemetry":true');
      expect((await introspect(url)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });
  });

  it('has neither in production unless switched on', async () => {
    await withServer({ NODE_ENV: 'production' }, async (url) => {
      expect(await (await landingPage(url)).text()).not.toContain('embeddable');
      expect(codes(await introspect(url))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    });
  });
});
