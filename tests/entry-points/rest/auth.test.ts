import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { expectError, expectUserJson, PASSWORD, useRestApi } from './rest-harness.js';

describeEachStore('REST /api/me and /api/auth', (fixture) => {
  const api = useRestApi(fixture);

  describe('POST /api/auth/login', () => {
    it('exchanges credentials for an AuthPayload: accessToken, refreshToken, expiresIn, user', async () => {
      const { user, input } = await api.signUp();
      const answer = await api.request('POST', '/api/auth/login', { json: { email: ` ${input.email.toUpperCase()} `, password: PASSWORD } });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
      expect(answer.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      expectUserJson(answer.body.user);
      expect(answer.body.user).toEqual(user);
    });

    it('refuses a wrong password and an unknown email alike: 401 with the same message', async () => {
      const { input } = await api.signUp();
      const wrongPassword = await api.request('POST', '/api/auth/login', { json: { email: input.email, password: 'wrong password' } });
      const unknownEmail = await api.request('POST', '/api/auth/login', { json: { email: 'nobody@example.com', password: PASSWORD } });
      expectError(wrongPassword, 401, 'UNAUTHENTICATED');
      expectError(unknownEmail, 401, 'UNAUTHENTICATED');
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('refuses a missing password with 400', async () => {
      expectError(await api.request('POST', '/api/auth/login', { json: { email: 'a@example.com' } }), 400, 'BAD_USER_INPUT', ['password']);
    });

    it('refuses operator objects like {"$ne": ""} with 400, never logging anyone in', async () => {
      await api.signUp();
      const answer = await api.request('POST', '/api/auth/login', { json: { email: { $ne: '' }, password: { $ne: '' } } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['email', 'password']);
    });

    it('refuses unknown fields with 400', async () => {
      const { input } = await api.signUp();
      const answer = await api.request('POST', '/api/auth/login', { json: { email: input.email, password: PASSWORD, role: 'ADMIN' } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['role']);
    });
  });

  describe('GET /api/me', () => {
    it('answers the caller with a valid access token', async () => {
      const { user, token } = await api.aUser();
      const answer = await api.request('GET', '/api/me', { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ user });
    });

    it('answers 401 without a token', async () => {
      expectError(await api.request('GET', '/api/me'), 401, 'UNAUTHENTICATED');
    });

    it('answers 401 for a token that is not a valid access token', async () => {
      const { refreshToken } = await api.aUser();
      expectError(await api.request('GET', '/api/me', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
      expectError(await api.request('GET', '/api/me', { token: refreshToken }), 401, 'UNAUTHENTICATED');
    });

    it('answers 401 for an Authorization header that is not "Bearer <token>"', async () => {
      const { token } = await api.aUser();
      const answer = await api.request('GET', '/api/me', { headers: { authorization: `Basic ${token}` } });
      expectError(answer, 401, 'UNAUTHENTICATED');
    });

    it('answers 401 once the user is deleted, though the token has not expired', async () => {
      const { user, token } = await api.aUser();
      expect((await api.request('DELETE', `/api/users/${user.id}`, { token })).status).toBe(204);
      expectError(await api.request('GET', '/api/me', { token }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('exchanges a refresh token for a new pair that works', async () => {
      const { user, refreshToken } = await api.aUser();
      const answer = await api.request('POST', '/api/auth/refresh', { json: { refreshToken } });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
      expect(answer.body.user).toEqual(user);
      expect(answer.body.refreshToken).not.toBe(refreshToken);
      expect((await api.request('GET', '/api/me', { token: answer.body.accessToken })).body).toEqual({ user });
    });

    it('refuses the old refresh token once it was used: 401', async () => {
      const { refreshToken } = await api.aUser();
      expect((await api.request('POST', '/api/auth/refresh', { json: { refreshToken } })).status).toBe(200);
      expectError(await api.request('POST', '/api/auth/refresh', { json: { refreshToken } }), 401, 'UNAUTHENTICATED');
    });

    it('refuses an unknown refresh token with 401', async () => {
      expectError(await api.request('POST', '/api/auth/refresh', { json: { refreshToken: 'made-up' } }), 401, 'UNAUTHENTICATED');
    });

    it('refuses a body without refreshToken with 400', async () => {
      expectError(await api.request('POST', '/api/auth/refresh', { json: {} }), 400, 'BAD_USER_INPUT', ['refreshToken']);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('revokes the refresh token: 204 with an empty body, then refresh is refused', async () => {
      const { refreshToken } = await api.aUser();
      const answer = await api.request('POST', '/api/auth/logout', { json: { refreshToken } });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expectError(await api.request('POST', '/api/auth/refresh', { json: { refreshToken } }), 401, 'UNAUTHENTICATED');
    });

    it('answers 204 for an unknown token too, so it reveals nothing', async () => {
      const answer = await api.request('POST', '/api/auth/logout', { json: { refreshToken: 'made-up' } });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
    });

    it('refuses a token that is not a string with 400', async () => {
      const answer = await api.request('POST', '/api/auth/logout', { json: { refreshToken: { $ne: '' } } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['refreshToken']);
    });
  });

  describe('ending every session', () => {
    /** Two logins of one user, the second one refreshed once: every kind of earlier token. */
    async function twoSessions() {
      const { user, input, token, refreshToken } = await api.aUser();
      const rotated = await api.request('POST', '/api/auth/refresh', { json: { refreshToken: (await api.login(input.email)).refreshToken } });
      expect(rotated.status).toBe(200);
      return { user, input, access: [token, rotated.body.accessToken as string], refresh: [refreshToken, rotated.body.refreshToken as string] };
    }

    /** Every earlier access token is refused at once over REST and GraphQL, every refresh token too. */
    async function expectEnded({ access, refresh }: { access: string[]; refresh: string[] }) {
      for (const token of access) {
        expectError(await api.request('GET', '/api/me', { token }), 401, 'UNAUTHENTICATED');
        const graphql = await api.request('POST', '/graphql', { token, json: { query: '{ users(first: 1) { totalCount } }' } });
        expect(graphql.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
      }
      for (const refreshToken of refresh) {
        expectError(await api.request('POST', '/api/auth/refresh', { json: { refreshToken } }), 401, 'UNAUTHENTICATED');
      }
    }

    async function expectNewLoginWorks(email: string, password = PASSWORD) {
      const session = await api.login(email, password);
      expect((await api.request('GET', '/api/me', { token: session.accessToken })).status).toBe(200);
      const graphql = await api.request('POST', '/graphql', { token: session.accessToken, json: { query: '{ me { email } }' } });
      expect(graphql.body).toEqual({ data: { me: { email } } });
      expect((await api.request('POST', '/api/auth/refresh', { json: { refreshToken: session.refreshToken } })).status).toBe(200);
    }

    it('POST /api/auth/logout-all answers 204 with an empty body and ends every session of the caller at once', async () => {
      const sessions = await twoSessions();
      const answer = await api.request('POST', '/api/auth/logout-all', { token: sessions.access[1] });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      await expectEnded(sessions);
      await expectNewLoginWorks(sessions.input.email);
    });

    it("POST /api/auth/logout-all leaves other users' sessions alone", async () => {
      const caller = await api.aUser();
      const other = await api.aUser();
      expect((await api.request('POST', '/api/auth/logout-all', { token: caller.token })).status).toBe(204);
      expect((await api.request('GET', '/api/me', { token: other.token })).body).toEqual({ user: other.user });
      expect((await api.request('POST', '/api/auth/refresh', { json: { refreshToken: other.refreshToken } })).status).toBe(200);
    });

    it('POST /api/auth/logout-all answers 401 without a valid access token, and for the token it already ended', async () => {
      expectError(await api.request('POST', '/api/auth/logout-all'), 401, 'UNAUTHENTICATED');
      expectError(await api.request('POST', '/api/auth/logout-all', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
      const { token, refreshToken } = await api.aUser();
      expectError(await api.request('POST', '/api/auth/logout-all', { token: refreshToken }), 401, 'UNAUTHENTICATED');
      expect((await api.request('POST', '/api/auth/logout-all', { token })).status).toBe(204);
      expectError(await api.request('POST', '/api/auth/logout-all', { token }), 401, 'UNAUTHENTICATED');
    });

    it('a password change ends every session of the user at once; the new password logs in', async () => {
      const sessions = await twoSessions();
      const changed = await api.request('PATCH', `/api/users/${sessions.user.id}`, { token: sessions.access[0], json: { password: 'a brand new passphrase' } });
      expect(changed.status).toBe(200);
      await expectEnded(sessions);
      expectError(await api.request('POST', '/api/auth/login', { json: { email: sessions.input.email, password: PASSWORD } }), 401, 'UNAUTHENTICATED');
      await expectNewLoginWorks(sessions.input.email, 'a brand new passphrase');
    });
  });
});
