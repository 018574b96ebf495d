import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { aSignUp, expectError, expectUserJson, PASSWORD, UNKNOWN_ID, useRestApi } from './rest-harness.js';

describeEachStore('REST /api/users', (fixture) => {
  const api = useRestApi(fixture);

  describe('POST /api/users', () => {
    it('signs a user up: 201 with exactly the User fields, role USER, email normalized', async () => {
      const input = aSignUp({ email: '  Grace.Hopper@Example.COM ', firstName: ' Grace ' });
      const answer = await api.request('POST', '/api/users', { json: input });
      expect(answer.status).toBe(201);
      expect(Object.keys(answer.body)).toEqual(['user']);
      expectUserJson(answer.body.user);
      expect(answer.body.user).toMatchObject({ email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Lovelace', role: 'USER' });
      expect(answer.text).not.toContain(PASSWORD);
    });

    it('refuses invalid values with 400 BAD_USER_INPUT listing every field at fault', async () => {
      const answer = await api.request('POST', '/api/users', { json: aSignUp({ email: 'not-an-email', password: 'short' }) });
      expectError(answer, 400, 'BAD_USER_INPUT', ['email', 'password']);
      expect(answer.text).not.toContain('short');
    });

    it('refuses missing fields with 400 naming each of them', async () => {
      const answer = await api.request('POST', '/api/users', { json: { email: 'a@example.com' } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['firstName', 'lastName', 'password']);
    });

    it('refuses a taken email with 409 CONFLICT, whatever its case', async () => {
      const { input } = await api.signUp();
      const answer = await api.request('POST', '/api/users', { json: aSignUp({ email: input.email.toUpperCase() }) });
      expectError(answer, 409, 'CONFLICT');
    });

    it('refuses a role in the body (no mass assignment) and stores nothing', async () => {
      const input = aSignUp({ role: 'ADMIN' });
      const answer = await api.request('POST', '/api/users', { json: input });
      expectError(answer, 400, 'BAD_USER_INPUT', ['role']);
      expect(await fixture().store.users.findByEmail(input.email)).toBeNull();
    });

    it('refuses id and timestamps in the body and stores nothing', async () => {
      const input = aSignUp({ id: UNKNOWN_ID, createdAt: '2000-01-01T00:00:00.000Z' });
      const answer = await api.request('POST', '/api/users', { json: input });
      expectError(answer, 400, 'BAD_USER_INPUT', ['id', 'createdAt']);
      expect(await fixture().store.users.count()).toBe(0);
    });

    it('refuses an operator object like {"$ne": ""} with 400, and stores nothing', async () => {
      const answer = await api.request('POST', '/api/users', { json: aSignUp({ email: { $ne: '' } }) });
      expectError(answer, 400, 'BAD_USER_INPUT', ['email']);
      expect(await fixture().store.users.count()).toBe(0);
    });

    it('refuses a number where a string is expected instead of converting it', async () => {
      const answer = await api.request('POST', '/api/users', { json: aSignUp({ firstName: 123 }) });
      expectError(answer, 400, 'BAD_USER_INPUT', ['firstName']);
      expect(answer.body.error.fields[0].message).toBe('must be a string');
    });
  });

  describe('GET /api/users', () => {
    it('needs a token: 401 UNAUTHENTICATED without one', async () => {
      expectError(await api.request('GET', '/api/users'), 401, 'UNAUTHENTICATED');
    });

    it('lists users oldest first with pageInfo and totalCount', async () => {
      const first = await api.signUp();
      const second = await api.signUp();
      const { token, user: third } = await api.aUser();
      const answer = await api.request('GET', '/api/users', { token });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['pageInfo', 'totalCount', 'users']);
      expect(answer.body.users.map((u: { id: string }) => u.id)).toEqual([first.user.id, second.user.id, third.id]);
      answer.body.users.forEach(expectUserJson);
      expect(answer.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      expect(answer.body.totalCount).toBe(3);
    });

    it('pages with first and after', async () => {
      const a = await api.signUp();
      const b = await api.signUp();
      const { token, user: c } = await api.aUser();
      const page1 = await api.request('GET', '/api/users?first=2', { token });
      expect(page1.body.users.map((u: { id: string }) => u.id)).toEqual([a.user.id, b.user.id]);
      expect(page1.body.pageInfo.hasNextPage).toBe(true);
      const after = encodeURIComponent(page1.body.pageInfo.endCursor);
      const page2 = await api.request('GET', `/api/users?first=2&after=${after}`, { token });
      expect(page2.body.users.map((u: { id: string }) => u.id)).toEqual([c.id]);
      expect(page2.body.pageInfo.hasNextPage).toBe(false);
      expect(page2.body.totalCount).toBe(3);
    });

    it.each(['0', '101', 'abc', '2.5', '-1', ''])('refuses first=%s with 400 on field first', async (first) => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', `/api/users?first=${first}`, { token }), 400, 'BAD_USER_INPUT', ['first']);
    });

    it('refuses a malformed cursor with 400 on field after', async () => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', '/api/users?after=***', { token }), 400, 'BAD_USER_INPUT', ['after']);
    });

    it('refuses an unknown query parameter with 400', async () => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', '/api/users?frist=2', { token }), 400, 'BAD_USER_INPUT', ['frist']);
    });
  });

  describe('GET /api/users/:id', () => {
    it('answers 200 with the user', async () => {
      const { user } = await api.signUp();
      const { token } = await api.aUser();
      const answer = await api.request('GET', `/api/users/${user.id}`, { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ user });
    });

    it('answers 404 NOT_FOUND when no user has the id', async () => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', `/api/users/${UNKNOWN_ID}`, { token }), 404, 'NOT_FOUND');
    });

    it('answers 404 NOT_FOUND, never 500, for a malformed id', async () => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', '/api/users/not-an-id', { token }), 404, 'NOT_FOUND');
      expectError(await api.request('GET', `/api/users/${'%24ne'}`, { token }), 404, 'NOT_FOUND');
    });

    it('needs a token: 401 without one', async () => {
      const { user } = await api.signUp();
      expectError(await api.request('GET', `/api/users/${user.id}`), 401, 'UNAUTHENTICATED');
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('lets a user change itself: 200 with the changed user', async () => {
      const { user, token } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token, json: { firstName: ' Augusta ' } });
      expect(answer.status).toBe(200);
      expectUserJson(answer.body.user);
      expect(answer.body.user).toMatchObject({ id: user.id, firstName: 'Augusta', lastName: 'Lovelace', email: user.email });
    });

    it('changes the password: the new one logs in', async () => {
      const { user, token, input } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token, json: { password: 'a new long password' } });
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain('a new long password');
      await api.login(input.email, 'a new long password');
    });

    it('forbids changing another user: 403 FORBIDDEN, nothing changed', async () => {
      const other = await api.signUp();
      const { token } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${other.user.id}`, { token, json: { firstName: 'Mallory' } });
      expectError(answer, 403, 'FORBIDDEN');
      expect((await fixture().store.users.findById(other.user.id))?.firstName).toBe('Ada');
    });

    it('lets an ADMIN change another user', async () => {
      const other = await api.signUp();
      const admin = await api.anAdmin();
      const answer = await api.request('PATCH', `/api/users/${other.user.id}`, { token: admin.token, json: { lastName: 'Byron' } });
      expect(answer.status).toBe(200);
      expect(answer.body.user.lastName).toBe('Byron');
    });

    it('needs a token: 401 without one', async () => {
      const { user } = await api.signUp();
      expectError(await api.request('PATCH', `/api/users/${user.id}`, { json: { firstName: 'X' } }), 401, 'UNAUTHENTICATED');
    });

    it('answers 404 NOT_FOUND for an unknown or malformed id', async () => {
      const admin = await api.anAdmin();
      const json = { firstName: 'X' };
      expectError(await api.request('PATCH', `/api/users/${UNKNOWN_ID}`, { token: admin.token, json }), 404, 'NOT_FOUND');
      expectError(await api.request('PATCH', '/api/users/nope', { token: admin.token, json }), 404, 'NOT_FOUND');
    });

    it('refuses role, id and timestamps (no mass assignment), also from an ADMIN, and changes nothing', async () => {
      const { user } = await api.signUp();
      const admin = await api.anAdmin();
      const json = { role: 'ADMIN', id: UNKNOWN_ID, updatedAt: '2000-01-01T00:00:00.000Z', firstName: 'Changed' };
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token: admin.token, json });
      expectError(answer, 400, 'BAD_USER_INPUT', ['role', 'id', 'updatedAt']);
      const stored = await fixture().store.users.findById(user.id);
      expect(stored).toMatchObject({ role: 'USER', firstName: 'Ada', updatedAt: new Date(user.updatedAt) });
    });

    it('refuses an empty change with 400', async () => {
      const { user, token } = await api.aUser();
      expectError(await api.request('PATCH', `/api/users/${user.id}`, { token, json: {} }), 400, 'BAD_USER_INPUT', ['input']);
    });

    it('refuses an invalid value with 400 naming the field', async () => {
      const { user, token } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token, json: { lastName: '' } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['lastName']);
    });

    it('refuses an operator object like {"$ne": ""} with 400', async () => {
      const { user, token } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token, json: { email: { $ne: '' } } });
      expectError(answer, 400, 'BAD_USER_INPUT', ['email']);
    });

    it('refuses an email another user has with 409 CONFLICT', async () => {
      const other = await api.signUp();
      const { user, token } = await api.aUser();
      const answer = await api.request('PATCH', `/api/users/${user.id}`, { token, json: { email: other.input.email } });
      expectError(answer, 409, 'CONFLICT');
    });
  });

  describe('DELETE /api/users/:id', () => {
    it('lets a user delete itself: 204 with an empty body, and the user is gone', async () => {
      const { user, token } = await api.aUser();
      const answer = await api.request('DELETE', `/api/users/${user.id}`, { token });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(await fixture().store.users.findById(user.id)).toBeNull();
    });

    it('forbids deleting another user: 403, the user stays', async () => {
      const other = await api.signUp();
      const { token } = await api.aUser();
      expectError(await api.request('DELETE', `/api/users/${other.user.id}`, { token }), 403, 'FORBIDDEN');
      expect(await fixture().store.users.findById(other.user.id)).not.toBeNull();
    });

    it('lets an ADMIN delete another user', async () => {
      const other = await api.signUp();
      const admin = await api.anAdmin();
      const answer = await api.request('DELETE', `/api/users/${other.user.id}`, { token: admin.token });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expectError(await api.request('GET', `/api/users/${other.user.id}`, { token: admin.token }), 404, 'NOT_FOUND');
    });

    it('answers 404 NOT_FOUND for an unknown or malformed id', async () => {
      const admin = await api.anAdmin();
      expectError(await api.request('DELETE', `/api/users/${UNKNOWN_ID}`, { token: admin.token }), 404, 'NOT_FOUND');
      expectError(await api.request('DELETE', '/api/users/nope', { token: admin.token }), 404, 'NOT_FOUND');
    });

    it('needs a token: 401 without one', async () => {
      const { user } = await api.signUp();
      expectError(await api.request('DELETE', `/api/users/${user.id}`), 401, 'UNAUTHENTICATED');
      expect(await fixture().store.users.findById(user.id)).not.toBeNull();
    });
  });
});
