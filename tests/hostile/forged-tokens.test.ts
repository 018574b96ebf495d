/**
 * Bent, forged and misused tokens, over both transports: every protected
 * operation answers UNAUTHENTICATED (REST 401, GraphQL extensions.code), `me`
 * answers null, and the target's account is untouched.
 */
import { beforeEach, expect, it } from 'vitest';
import type { StoreFixture } from '../support/store-fixture.js';
import { aStoredUser, codeOf, describeHostile, expectRestError, graphqlCodes, type HostileApi, useHostileServer } from './support/hostile-client.js';
import { FORGERIES, type ForgeryContext } from './support/forged-tokens.js';

const UPDATE = 'mutation($id: ID!) { updateUser(id: $id, input: { firstName: "Mallory" }) { id firstName } }';

/** An attacker and a target straight in the store; their access tokens made as the server makes them (the first test proves it). */
async function context(api: HostileApi, fixture: () => StoreFixture): Promise<ForgeryContext> {
  const [attacker, target] = await Promise.all([aStoredUser(fixture), aStoredUser(fixture)]);
  return {
    targetId: target.id,
    attackerAccessToken: attacker.accessToken,
    targetAccessToken: target.accessToken,
    targetRefreshToken: async () => (await api.login(target.email)).refreshToken,
  };
}

describeHostile('forged access tokens', (fixture) => {
  const api = useHostileServer(fixture);
  let ctx: ForgeryContext;
  beforeEach(async () => {
    ctx = await context(api, fixture);
  });

  it('accepts a hand-made token with every claim right (each forgery below differs from it in one thing)', async () => {
    const me = await api.rest('GET', '/api/me', { token: ctx.targetAccessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(ctx.targetId);
    expect((await api.graphql('{ me { id } }', undefined, { token: ctx.targetAccessToken })).body).toEqual({ data: { me: { id: ctx.targetId } } });
  });

  for (const forgery of FORGERIES) {
    it(`refuses ${forgery.name}: UNAUTHENTICATED for every protected operation, me null, the target untouched`, async () => {
      const before = await api.stored(ctx.targetId);
      const headers = { authorization: await forgery.authorization(ctx) };

      expectRestError(await api.rest('GET', '/api/me', { headers }), 401, 'UNAUTHENTICATED');
      expectRestError(await api.rest('GET', '/api/users', { headers }), 401, 'UNAUTHENTICATED');
      expectRestError(await api.rest('PATCH', `/api/users/${ctx.targetId}`, { headers, json: { firstName: 'Mallory' } }), 401, 'UNAUTHENTICATED');
      expectRestError(await api.rest('DELETE', `/api/users/${ctx.targetId}`, { headers }), 401, 'UNAUTHENTICATED');
      expectRestError(await api.rest('POST', '/api/auth/logout-all', { headers }), 401, 'UNAUTHENTICATED');

      expect(graphqlCodes(await api.graphql('{ users { totalCount } }', undefined, { headers }))).toEqual(['UNAUTHENTICATED']);
      expect(graphqlCodes(await api.graphql(UPDATE, { id: ctx.targetId }, { headers }))).toEqual(['UNAUTHENTICATED']);
      expect(graphqlCodes(await api.graphql('mutation { logoutAll }', undefined, { headers }))).toEqual(['UNAUTHENTICATED']);
      const me = await api.graphql('{ me { id email } }', undefined, { headers });
      expect([me.status, me.body]).toEqual([200, { data: { me: null } }]);

      expect(await api.stored(ctx.targetId)).toEqual(before);
    });
  }

  it('refuses an access token presented as a refresh token, on both transports, and rotates nothing', async () => {
    const refreshToken = await ctx.targetRefreshToken();
    expectRestError(await api.rest('POST', '/api/auth/refresh', { json: { refreshToken: ctx.targetAccessToken } }), 401, 'UNAUTHENTICATED');
    const graphql = await api.graphql('mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: ctx.targetAccessToken });
    expect(graphqlCodes(graphql)).toEqual(['UNAUTHENTICATED']);
    expect((await api.rest('POST', '/api/auth/refresh', { json: { refreshToken } })).status).toBe(200);
  });

  it('does not let logout with an access token revoke the session', async () => {
    const refreshToken = await ctx.targetRefreshToken();
    expect((await api.rest('POST', '/api/auth/logout', { json: { refreshToken: ctx.targetAccessToken } })).status).toBe(204);
    expect((await api.rest('POST', '/api/auth/refresh', { json: { refreshToken } })).status).toBe(200);
  });

  it('refuses an Authorization header too large for the server with 431 in the error format, never a 500', async () => {
    const answer = await api.raw([
      `GET /api/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${'A'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    ]);
    expect(answer.status).toBe(431);
    expect(codeOf(answer)).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
  });
});
