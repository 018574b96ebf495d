/**
 * What a real frontend sees: Apollo Client 4 (core, in Node, its own HttpLink
 * and Accept header) against the whole application. Apollo Client turns an
 * answer into CombinedGraphQLErrors only when the body is GraphQL-shaped AND it
 * is either 2xx or `application/graphql-response+json`
 * (link/http/parseAndCheckHttpResponse.js); anything else is a ServerError with
 * the code buried in bodyText. So every refusal on /graphql, those written
 * before Apollo Server runs included, must arrive with its extensions.code.
 */
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { from, switchMap } from 'rxjs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../support/graphql/generated/index.js';
import { memoryStore } from '../../support/stores.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import * as documents from './documents.js';
import { newUser, PASSWORD } from './documents.js';

/** The suite's typed documents as Apollo Client's operations take them (variables as a plain record). */
const asNode = <TData, TVariables>(document: TypedDocumentNode<TData, TVariables>) =>
  document as unknown as TypedDocumentNode<TData, TVariables & Record<string, unknown>>;

const ME = asNode(documents.ME);
const USERS = asNode(documents.USERS);
const CREATE_USER = asNode(documents.CREATE_USER);
const LOGIN = asNode(documents.LOGIN);
const REFRESH = asNode(documents.REFRESH);
// Armor priced this at 1000 pages' worth: "Syntax Error: Query Cost limit of 5000 exceeded".
const BIG_PAGE = asNode(graphql(`query BigPage { users(first: 1000) { totalCount edges { node { id email } } } }`));

type Fetch = typeof fetch;

/** A client as a frontend builds one; `fetch` may bend the request the way a broken proxy or client would. */
function clientFor(url: string, options: { fetch?: Fetch; headers?: Record<string, string>; method?: string } = {}) {
  return new ApolloClient({
    cache: new InMemoryCache(),
    link: new HttpLink({
      uri: `${url}/graphql`,
      fetch: options.fetch ?? fetch,
      headers: options.headers,
      ...(options.method && { fetchOptions: { method: options.method } }),
    }),
    defaultOptions: { query: { fetchPolicy: 'no-cache' } },
  });
}

/** The error a failed operation rejects with. */
async function failureOf(operation: Promise<unknown>): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  throw new Error('the operation succeeded');
}

/** The refusal as Apollo Client hands it to the application: CombinedGraphQLErrors, and its codes. */
function expectGraphqlErrors(error: unknown, code: string): CombinedGraphQLErrors {
  expect(CombinedGraphQLErrors.is(error), `not CombinedGraphQLErrors: ${String(error)}`).toBe(true);
  const combined = error as CombinedGraphQLErrors;
  expect(combined.errors.map((e) => e.extensions?.code)).toEqual([code]);
  return combined;
}

/** Rewrites the outgoing request before it leaves; Apollo Client's own Accept header is kept. */
const bent = (change: (init: RequestInit) => RequestInit): Fetch => ((input: Parameters<Fetch>[0], init: RequestInit = {}) => fetch(input, change(init))) as Fetch;

describe('Apollo Client 4 reads every /graphql refusal as GraphQL errors', () => {
  let fixture: StoreFixture;
  let server: TestServer;
  beforeAll(async () => {
    fixture = await memoryStore.open();
    server = await startTestServer(fixture);
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.dispose();
  });

  it('gets an error from a resolver (200) as CombinedGraphQLErrors: the baseline', async () => {
    const error = await failureOf(clientFor(server.url).query({ query: USERS }));
    expectGraphqlErrors(error, 'UNAUTHENTICATED');
  });

  it('gets malformed JSON as CombinedGraphQLErrors with BAD_USER_INPUT', async () => {
    const truncate = bent((init) => ({ ...init, body: String(init.body).slice(0, -5) }));
    expectGraphqlErrors(await failureOf(clientFor(server.url, { fetch: truncate }).query({ query: ME })), 'BAD_USER_INPUT');
  });

  it('gets a body over 100 kB (413) as CombinedGraphQLErrors with PAYLOAD_TOO_LARGE, creating nothing', async () => {
    const input = newUser(1, { firstName: 'x'.repeat(150_000) });
    expectGraphqlErrors(await failureOf(clientFor(server.url).mutate({ mutation: CREATE_USER, variables: { input } })), 'PAYLOAD_TOO_LARGE');
    expect(await fixture.store.users.count()).toBe(0);
  });

  it('gets a body that is not JSON (415) as CombinedGraphQLErrors with UNSUPPORTED_MEDIA_TYPE', async () => {
    const asXml = bent((init) => ({ ...init, headers: { ...(init.headers as Record<string, string>), 'content-type': 'application/xml' } }));
    const error = await failureOf(clientFor(server.url, { fetch: asXml }).query({ query: ME }));
    expectGraphqlErrors(error, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('gets PUT /graphql (405) as CombinedGraphQLErrors with METHOD_NOT_ALLOWED', async () => {
    const error = await failureOf(clientFor(server.url, { method: 'PUT' }).query({ query: ME }));
    expectGraphqlErrors(error, 'METHOD_NOT_ALLOWED');
  });

  it('gets an out-of-range page size as BAD_USER_INPUT naming first, not as a cost limit', async () => {
    await clientFor(server.url).mutate({ mutation: CREATE_USER, variables: { input: newUser(1) } });
    const login = await clientFor(server.url).mutate({ mutation: LOGIN, variables: { email: newUser(1).email, password: PASSWORD } });
    const authed = clientFor(server.url, { headers: { authorization: `Bearer ${login.data!.login.accessToken}` } });
    const error = expectGraphqlErrors(await failureOf(authed.query({ query: USERS, variables: { first: 1000 } })), 'BAD_USER_INPUT');
    expect(error.errors[0]!.extensions?.fields).toEqual([{ field: 'first', message: expect.any(String) }]);
    expectGraphqlErrors(await failureOf(authed.query({ query: BIG_PAGE })), 'BAD_USER_INPUT');
  });

  it('gets a refusal as a ServerError when it accepts only application/json, as the media type rules say', async () => {
    // A legacy client (Accept: application/json) gets the status code; Apollo Client then keeps the body as text.
    const truncate = bent((init) => ({ ...init, body: String(init.body).slice(0, -5) }));
    const error = await failureOf(clientFor(server.url, { fetch: truncate, headers: { accept: 'application/json' } }).query({ query: ME }));
    expect(ServerError.is(error)).toBe(true);
    expect((error as ServerError).statusCode).toBe(400);
    expect(JSON.parse((error as ServerError).bodyText).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('Apollo Client 4 and the per-IP request budget', () => {
  let fixture: StoreFixture;
  let server: TestServer;
  beforeAll(async () => {
    fixture = await memoryStore.open();
    server = await startTestServer(fixture, { env: { RATE_LIMIT: 'on' } });
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.dispose();
  });

  it('gets the 429 as CombinedGraphQLErrors with TOO_MANY_REQUESTS and retryAfter', async () => {
    // CONTRACT.md: 1000 requests a minute from one IP; spend them on the cheapest route there is.
    let refused = false;
    for (let sent = 0; sent < 1_100 && !refused; sent += 50) {
      const statuses = await Promise.all(Array.from({ length: 50 }, async () => (await fetch(`${server.url}/api/nothing`)).status));
      refused = statuses.includes(429);
    }
    expect(refused).toBe(true);
    const error = expectGraphqlErrors(await failureOf(clientFor(server.url).query({ query: ME })), 'TOO_MANY_REQUESTS');
    expect(error.errors[0]!.extensions?.retryAfter).toBeGreaterThanOrEqual(1);
  });
});

describe("Apollo Client 4 and the README's refresh recipe", () => {
  let fixture: StoreFixture;
  let server: TestServer;
  beforeAll(async () => {
    fixture = await memoryStore.open();
    server = await startTestServer(fixture);
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.dispose();
  });

  it('answers me with null for a bad token, and refreshes once on UNAUTHENTICATED with an error link, then retries', async () => {
    const plain = clientFor(server.url);
    await plain.mutate({ mutation: CREATE_USER, variables: { input: newUser(1) } });
    const { data } = await plain.mutate({ mutation: LOGIN, variables: { email: newUser(1).email, password: PASSWORD } });
    // An access token the server no longer takes (expired, or signed with an old secret) and a live refresh token.
    const session = { accessToken: 'no-longer-valid', refreshToken: data!.login.refreshToken };

    const auth = new SetContextLink((context) => ({ headers: { ...context.headers, authorization: `Bearer ${session.accessToken}` } }));
    let refreshes = 0;
    const refreshOnUnauthenticated = new ErrorLink(({ error, operation, forward }) => {
      const unauthenticated = CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
      // Once per operation: a refresh that does not help (logged out, revoked) must end in the error, not a loop.
      if (!unauthenticated || operation.getContext().refreshed) return;
      refreshes += 1;
      return from(plain.mutate({ mutation: REFRESH, variables: { token: session.refreshToken } })).pipe(
        switchMap(({ data: refreshed }) => {
          session.accessToken = refreshed!.refreshToken.accessToken;
          session.refreshToken = refreshed!.refreshToken.refreshToken;
          operation.setContext({ refreshed: true });
          return forward(operation);
        }),
      );
    });
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.from([refreshOnUnauthenticated, auth, new HttpLink({ uri: `${server.url}/graphql`, fetch })]),
      defaultOptions: { query: { fetchPolicy: 'no-cache' } },
    });

    const me = await client.query({ query: ME });
    expect([me.data?.me, me.error, refreshes]).toEqual([null, undefined, 0]);
    const users = await client.query({ query: USERS, variables: { first: 5 } });
    expect(users.data?.users.totalCount).toBe(1);
    expect(refreshes).toBe(1);
    expect((await client.query({ query: ME })).data?.me?.email).toBe(newUser(1).email);
  });
});
