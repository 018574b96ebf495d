/**
 * A stolen refresh token, replayed: rotation means a token works once, and a
 * second use of one reveals the theft, so the whole family (the thief's copy
 * and the victim's newer token alike) stops working. Racing one token in
 * parallel must not mint several live sessions, on any store.
 */
import { expect, it } from 'vitest';
import { describeEachStore } from '../support/stores.js';
import { aStoredUser, expectRestError, graphqlCodes, type HostileApi, useHostileServer } from './support/hostile-client.js';

const REFRESH = 'mutation($token: String!) { refreshToken(refreshToken: $token) { accessToken refreshToken } }';

const restRefresh = (api: HostileApi, refreshToken: string) => api.rest('POST', '/api/auth/refresh', { json: { refreshToken } });

// Every store, embedded PGlite included (issue 5: at most one winner "on every store").
describeEachStore('refresh token reuse', (fixture) => {
  const api = useHostileServer(fixture);

  async function aSession() {
    return api.login((await aStoredUser(fixture)).email);
  }

  it('revokes the family when a rotated token is replayed: the newest token stops working too', async () => {
    const first = await aSession();
    const rotated = await restRefresh(api, first.refreshToken);
    expect(rotated.status).toBe(200);
    expectRestError(await restRefresh(api, first.refreshToken), 401, 'UNAUTHENTICATED');
    expectRestError(await restRefresh(api, rotated.body.refreshToken), 401, 'UNAUTHENTICATED');
  });

  it('revokes the family when the replay comes over the other transport', async () => {
    const first = await aSession();
    const rotated = await restRefresh(api, first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(graphqlCodes(await api.graphql(REFRESH, { token: first.refreshToken }))).toEqual(['UNAUTHENTICATED']);
    expect(graphqlCodes(await api.graphql(REFRESH, { token: rotated.body.refreshToken }))).toEqual(['UNAUTHENTICATED']);
  });

  it('revokes only the replayed family: another login of the same user keeps working', async () => {
    const first = await aSession();
    const other = await api.login(first.user.email);
    expect((await restRefresh(api, first.refreshToken)).status).toBe(200);
    expectRestError(await restRefresh(api, first.refreshToken), 401, 'UNAUTHENTICATED');
    expect((await restRefresh(api, other.refreshToken)).status).toBe(200);
  });

  it('lets at most one of ten parallel REST refreshes with one token succeed', async () => {
    const session = await aSession();
    const answers = await Promise.all(Array.from({ length: 10 }, () => restRefresh(api, session.refreshToken)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((status) => status !== 200).every((status) => status === 401)).toBe(true);
  });

  it('leaves no live token behind after a parallel race: the winner, if any, is revoked with the family', async () => {
    const session = await aSession();
    const answers = await Promise.all(Array.from({ length: 10 }, () => restRefresh(api, session.refreshToken)));
    const minted = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.refreshToken as string);
    for (const token of [session.refreshToken, ...minted]) expectRestError(await restRefresh(api, token), 401, 'UNAUTHENTICATED');
  });

  it('lets at most one of ten parallel GraphQL refreshes with one token succeed', async () => {
    const session = await aSession();
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.graphql(REFRESH, { token: session.refreshToken })));
    const succeeded = answers.filter((answer) => answer.body.data?.refreshToken);
    expect(succeeded.length).toBeLessThanOrEqual(1);
    for (const answer of answers.filter((a) => !a.body.data?.refreshToken)) expect(graphqlCodes(answer)).toEqual(['UNAUTHENTICATED']);
  });

  it('lets at most one of ten aliased refreshes in one GraphQL document succeed', async () => {
    const session = await aSession();
    const fields = Array.from({ length: 10 }, (_, i) => `r${i}: refreshToken(refreshToken: $token) { refreshToken }`);
    const answer = await api.graphql(`mutation($token: String!) { ${fields.join(' ')} }`, { token: session.refreshToken });
    // A failed non-null field nulls the whole data: nothing at all may be handed out then.
    const minted = Object.values(answer.body.data ?? {}).filter(Boolean);
    expect(minted.length).toBeLessThanOrEqual(1);
    expect(graphqlCodes(answer).every((code) => code === 'UNAUTHENTICATED')).toBe(true);
  });

  it('leaves no live token behind when ten parallel refreshes race a logout everywhere', async () => {
    const session = await aSession();
    const [ended, ...answers] = await Promise.all([
      api.rest('POST', '/api/auth/logout-all', { token: session.accessToken }),
      ...Array.from({ length: 10 }, () => restRefresh(api, session.refreshToken)),
    ]);
    expect(ended.status).toBe(204);
    const minted = answers.filter((answer) => answer.status === 200).map((answer) => answer.body);
    for (const { accessToken } of [session, ...minted]) {
      expectRestError(await api.rest('GET', '/api/me', { token: accessToken }), 401, 'UNAUTHENTICATED');
      expect(graphqlCodes(await api.graphql('{ me { id } users { totalCount } }', undefined, { token: accessToken }))).toEqual(['UNAUTHENTICATED']);
    }
    for (const { refreshToken } of [session, ...minted]) expectRestError(await restRefresh(api, refreshToken), 401, 'UNAUTHENTICATED');
    const fresh = await api.login(session.user.email);
    expect((await api.rest('GET', '/api/me', { token: fresh.accessToken })).status).toBe(200);
    expect((await restRefresh(api, fresh.refreshToken)).status).toBe(200);
  });

  it('keeps the refresh tokens of a session ended by a password change dead on both transports', async () => {
    const session = await aSession();
    const other = await api.login(session.user.email);
    const changed = await api.graphql('mutation($id: ID!) { updateUser(id: $id, input: { password: "a brand new passphrase" }) { id } }', { id: session.user.id }, { token: session.accessToken });
    expect(changed.body.errors).toBeUndefined();
    for (const { accessToken, refreshToken } of [session, other]) {
      expect(graphqlCodes(await api.graphql(REFRESH, { token: refreshToken }))).toEqual(['UNAUTHENTICATED']);
      expectRestError(await restRefresh(api, refreshToken), 401, 'UNAUTHENTICATED');
      expectRestError(await api.rest('GET', '/api/me', { token: accessToken }), 401, 'UNAUTHENTICATED');
    }
    expect((await api.rest('GET', '/api/me', { token: (await api.login(session.user.email, 'a brand new passphrase')).accessToken })).status).toBe(200);
  });

  it('keeps a logged-out refresh token dead, also after a second logout', async () => {
    const session = await aSession();
    expect((await api.rest('POST', '/api/auth/logout', { json: { refreshToken: session.refreshToken } })).status).toBe(204);
    expectRestError(await restRefresh(api, session.refreshToken), 401, 'UNAUTHENTICATED');
    expect((await api.rest('POST', '/api/auth/logout', { json: { refreshToken: session.refreshToken } })).status).toBe(204);
    expectRestError(await restRefresh(api, session.refreshToken), 401, 'UNAUTHENTICATED');
  });
});
