/**
 * The frontend example (examples/apollo-client) against the real HTTP server:
 * its generated TypedDocumentNodes go through Apollo Client 4 unchanged, and
 * its links keep a session alive across an expired access token.
 */
import { CombinedGraphQLErrors } from '@apollo/client';
import { filter, firstValueFrom, map, timeout } from 'rxjs';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { createClient } from '../../examples/apollo-client/src/client.js';
import { LOG_IN, ME, REFRESH_TOKENS, SIGN_UP, USERS_PAGE } from '../../examples/apollo-client/src/operations.js';
import { logIn, logOut } from '../../examples/apollo-client/src/session.js';
import { memoryTokenStore } from '../../examples/apollo-client/src/tokens.js';
import { JWT_SECRET, nowInSeconds, signedWith } from '../hostile/support/jwt.js';
import { describeEachStore, memoryStore } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const PASSWORD = 'correct horse battery';
const person = (n: number) => ({ email: `Person${n}@Example.com`, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD });

/** The rejection of a promise that must reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

const codesOf = (error: unknown) => (CombinedGraphQLErrors.is(error) ? error.errors.map((e) => e.extensions?.code) : error);

describeEachStore(
  'The Apollo Client example',
  (fixture) => {
    let server: TestServer;
    beforeAll(async () => {
      // The test signs expired access tokens with the server's own key.
      server = await startTestServer(fixture(), { env: { JWT_SECRET } });
    });
    afterAll(async () => {
      await server?.close();
    });

    const aClient = () => {
      const tokens = memoryTokenStore();
      return { tokens, client: createClient({ uri: `${server.url}/graphql`, tokens }) };
    };

    /** A signed-in client, and the id of its user. */
    const signedIn = async (n = 1) => {
      const session = aClient();
      await session.client.mutate({ mutation: SIGN_UP, variables: { input: person(n) } });
      const user = await logIn(session.client, session.tokens, person(n).email, PASSWORD);
      return { ...session, user };
    };

    /** Genuine in every claim, signed with the server's key, expired a minute ago. */
    const expiredTokenFor = (userId: string) => signedWith(userId, { iat: nowInSeconds() - 960, exp: nowInSeconds() - 60 });

    it('signs up and logs in with the generated documents, and sends the bearer token', async () => {
      const { client, tokens } = aClient();
      const { data } = await client.mutate({ mutation: SIGN_UP, variables: { input: person(1) } });
      expect(data?.createUser).toMatchObject({ email: 'person1@example.com', firstName: 'Ada', role: 'USER' });
      // tsc sees the document's types through Apollo Client: a sign-up without its input does not compile.
      // @ts-expect-error -- `input` is required
      void (() => client.mutate({ mutation: SIGN_UP, variables: {} }));

      const user = await logIn(client, tokens, 'person1@example.com', PASSWORD);
      expect(user).toMatchObject({ id: data!.createUser.id, email: 'person1@example.com' });
      expect(tokens.get()).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });

      const me = await client.query({ query: ME });
      expect(me.data?.me).toMatchObject({ id: user.id, email: 'person1@example.com' });
    });

    it('pages users with fetchMore: the cache appends each page and keeps the last pageInfo', async () => {
      const { client } = await signedIn(1);
      for (const n of [2, 3, 4, 5]) await client.mutate({ mutation: SIGN_UP, variables: { input: person(n) } });

      // What a component bound to this query shows: every page fetched so far, merged by the cache.
      // The cache merges at once; the watcher emits a moment later, so wait (bounded) for that emission.
      const users = client.watchQuery({ query: USERS_PAGE, variables: { first: 2 } });
      // The component's subscription, held for the whole test: the query lives while someone watches.
      const watching = users.subscribe(() => {});
      onTestFinished(() => watching.unsubscribe());
      const shownWith = (edges: number) =>
        firstValueFrom(
          users.pipe(
            filter((result) => result.dataState === 'complete' && result.data.users.edges.length === edges),
            map((result) => (result.dataState === 'complete' ? result.data.users : expect.unreachable())),
            timeout(5_000),
          ),
        );

      const first = await shownWith(2);
      expect(first.edges.map((edge) => edge.node.email)).toEqual(['person1@example.com', 'person2@example.com']);
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, endCursor: first.edges[1]!.cursor });

      const [, merged] = await Promise.all([users.fetchMore({ variables: { after: first.pageInfo.endCursor } }), shownWith(4)]);
      expect(merged.edges.map((edge) => edge.node.email)).toEqual([1, 2, 3, 4].map((n) => `person${n}@example.com`));
      expect(merged.pageInfo).toMatchObject({ hasNextPage: true, endCursor: merged.edges[3]!.cursor });
      expect(merged.totalCount).toBe(5);

      const [, all] = await Promise.all([users.fetchMore({ variables: { after: merged.pageInfo.endCursor } }), shownWith(5)]);
      expect(all.edges.map((edge) => edge.node.email)).toEqual([1, 2, 3, 4, 5].map((n) => `person${n}@example.com`));
      expect(all.pageInfo).toMatchObject({ hasNextPage: false, endCursor: all.edges[4]!.cursor });
    });

    it('rejects a duplicate sign-up with CombinedGraphQLErrors carrying CONFLICT, and creates nothing', async () => {
      const { client } = aClient();
      await client.mutate({ mutation: SIGN_UP, variables: { input: person(1) } });
      const error = await rejectionOf(client.mutate({ mutation: SIGN_UP, variables: { input: { ...person(1), email: 'PERSON1@example.com' } } }));
      expect(CombinedGraphQLErrors.is(error)).toBe(true);
      expect(codesOf(error)).toEqual(['CONFLICT']);
      expect(await fixture().store.users.count()).toBe(1);
    });

    it('refreshes an expired access token once and retries the operation', async () => {
      const { client, tokens, user } = await signedIn();
      const before = tokens.get()!;
      tokens.set({ ...before, accessToken: expiredTokenFor(user.id) });

      const { data } = await client.query({ query: USERS_PAGE, variables: { first: 1 } });
      expect(data?.users.edges.map((edge) => edge.node.id)).toEqual([user.id]);
      const after = tokens.get()!;
      expect(after.refreshToken).not.toBe(before.refreshToken); // rotated by the refresh
      // The old refresh token is spent: presenting it again is refused.
      expect(codesOf(await rejectionOf(client.mutate({ mutation: REFRESH_TOKENS, variables: { refreshToken: before.refreshToken } })))).toEqual([
        'UNAUTHENTICATED',
      ]);
    });

    it('shares one refresh among operations that fail together (a second one would present a spent token)', async () => {
      const { client, tokens, user } = await signedIn();
      tokens.set({ ...tokens.get()!, accessToken: expiredTokenFor(user.id) });

      const pages = await Promise.all([1, 2, 3].map((first) => client.query({ query: USERS_PAGE, variables: { first }, fetchPolicy: 'network-only' })));
      expect(pages.map((page) => page.data?.users.totalCount)).toEqual([1, 1, 1]);
      // Still signed in: a reused refresh token would have revoked the session.
      const again = await client.query({ query: USERS_PAGE, variables: { first: 5 }, fetchPolicy: 'network-only' });
      expect(again.data?.users.totalCount).toBe(1);
    });

    it('gives up after one refresh: a refused refresh token ends the session and the operation fails UNAUTHENTICATED', async () => {
      const { client, tokens, user } = await signedIn();
      tokens.set({ accessToken: expiredTokenFor(user.id), refreshToken: 'not-a-refresh-token' });

      const error = await rejectionOf(client.query({ query: USERS_PAGE, variables: { first: 1 } }));
      expect(codesOf(error)).toEqual(['UNAUTHENTICATED']);
      expect(tokens.get()).toBeNull();
    });

    it('does not refresh when a login fails: wrong credentials are not an expired token', async () => {
      const { client, tokens } = await signedIn();
      const before = tokens.get();
      const error = await rejectionOf(client.mutate({ mutation: LOG_IN, variables: { email: 'person1@example.com', password: 'not the password' } }));
      expect(codesOf(error)).toEqual(['UNAUTHENTICATED']);
      expect(tokens.get()).toEqual(before); // no refresh happened: the pair is untouched
    });

    it('logs out: forgets the tokens, empties the cache and revokes the refresh token', async () => {
      const { client, tokens } = await signedIn();
      await client.query({ query: ME });
      const { refreshToken } = tokens.get()!;

      await logOut(client, tokens);
      expect(tokens.get()).toBeNull();
      expect(client.cache.extract()).toEqual({});
      expect(codesOf(await rejectionOf(client.mutate({ mutation: REFRESH_TOKENS, variables: { refreshToken } })))).toEqual(['UNAUTHENTICATED']);
    });
  },
  [memoryStore],
);
