import { expect, it } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { aSignUp, expectError, useRestApi } from './rest-harness.js';

/** What REST does with requests before a use case sees them: media types, JSON, routes, shapes. */
describeEachStore('REST transport', (fixture) => {
  const api = useRestApi(fixture);

  it('refuses a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE and stores nothing', async () => {
    const answer = await api.request('POST', '/api/users', {
      raw: JSON.stringify(aSignUp()),
      headers: { 'content-type': 'text/plain' },
    });
    expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await fixture().store.users.count()).toBe(0);
  });

  it('refuses a form body on PATCH with 415', async () => {
    const { user, token } = await api.aUser();
    const answer = await api.request('PATCH', `/api/users/${user.id}`, {
      token,
      raw: 'firstName=Mallory',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a body without a Content-Type with 415', async () => {
    const answer = await api.request('POST', '/api/auth/logout', { raw: new TextEncoder().encode('{"refreshToken":"x"}') });
    expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts application/json with a charset', async () => {
    const answer = await api.request('POST', '/api/users', {
      raw: JSON.stringify(aSignUp()),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(answer.status).toBe(201);
  });

  it('refuses malformed JSON with 400 BAD_USER_INPUT', async () => {
    const answer = await api.request('POST', '/api/users', { raw: '{"email": ', headers: { 'content-type': 'application/json' } });
    expectError(answer, 400, 'BAD_USER_INPUT');
  });

  it('refuses a JSON body that is not an object with 400', async () => {
    const answer = await api.request('POST', '/api/auth/login', { json: ['a@example.com', 'password'] });
    expectError(answer, 400, 'BAD_USER_INPUT');
    expect(answer.body.error.message).toBe('Request body must be a JSON object');
  });

  it('refuses a POST without any body with 400', async () => {
    expectError(await api.request('POST', '/api/auth/logout'), 400, 'BAD_USER_INPUT');
  });

  it('refuses a __proto__ key (prototype poisoning) with 400', async () => {
    const answer = await api.request('POST', '/api/users', {
      raw: '{"email":"a@example.com","firstName":"A","lastName":"B","password":"long enough","__proto__":{"role":"ADMIN"}}',
      headers: { 'content-type': 'application/json' },
    });
    expectError(answer, 400, 'BAD_USER_INPUT');
    expect(await fixture().store.users.count()).toBe(0);
  });

  it('answers an unknown route with 404 NOT_FOUND in the error format', async () => {
    const answer = await api.request('GET', '/api/nothing-here');
    expectError(answer, 404, 'NOT_FOUND');
    expect(answer.body.error.message).toBe('No route for GET /api/nothing-here');
  });

  it('answers a method the route does not have with 405 METHOD_NOT_ALLOWED and the methods it has in Allow', async () => {
    const answer = await api.request('PUT', '/api/me', { json: {} });
    expectError(answer, 405, 'METHOD_NOT_ALLOWED');
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
    const onUsers = await api.request('DELETE', '/api/users', { json: {} });
    expectError(onUsers, 405, 'METHOD_NOT_ALLOWED');
    expect(onUsers.headers.get('allow')).toBe('GET, HEAD, POST');
    const onUser = await api.request('POST', '/api/users/some-id', { json: {} });
    expectError(onUser, 405, 'METHOD_NOT_ALLOWED');
    expect(onUser.headers.get('allow')).toBe('GET, HEAD, PATCH, DELETE');
  });
});
