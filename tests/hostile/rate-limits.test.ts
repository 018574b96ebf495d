/**
 * Password guessing against RATE_LIMIT=on (CONTRACT.md, "Rate limits"): the
 * sixth failed login for one email, however it arrives, is TOO_MANY_REQUESTS
 * with a Retry-After header and retryAfter seconds in the body. Each test has
 * a server of its own, so every counter starts at zero.
 */
import { expect, it } from 'vitest';
import type { StoreFixture } from '../support/store-fixture.js';
import { type Answer, aStoredUser, describeHostile, expectRestError, graphqlCodes, type HostileApi, PASSWORD, withHostileServer } from './support/hostile-client.js';

const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

const restLogin = (api: HostileApi, email: string, password = 'not the password') => api.rest('POST', '/api/auth/login', { json: { email, password } });
const graphqlLogin = (api: HostileApi, email: string, password = 'not the password') => api.graphql(LOGIN, { email, password });

/** The Retry-After header: whole seconds, at least one. */
function retryAfterHeader(answer: Answer): number {
  const header = String(answer.headers['retry-after']);
  expect(header, 'Retry-After header').toMatch(/^[1-9]\d*$/);
  return Number(header);
}

function expectRestTooManyRequests(answer: Answer): void {
  expectRestError(answer, 429, 'TOO_MANY_REQUESTS');
  expect(typeof answer.body.error.retryAfter).toBe('number');
  expect(answer.body.error.retryAfter).toBe(retryAfterHeader(answer));
}

describeHostile('login rate limits', (fixture) => {
  const limited = (work: (api: HostileApi) => Promise<void>) => withHostileServer(fixture() as StoreFixture, { RATE_LIMIT: 'on' }, work);

  it('answers the sixth wrong REST login for one email with 429, Retry-After and error.retryAfter', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      for (let attempt = 1; attempt <= 5; attempt++) expectRestError(await restLogin(api, email), 401, 'UNAUTHENTICATED');
      expectRestTooManyRequests(await restLogin(api, email));
    }));

  it('refuses even the right password once the email is locked, handing out no token', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      for (let attempt = 1; attempt <= 5; attempt++) await restLogin(api, email);
      const answer = await restLogin(api, email, PASSWORD);
      expectRestTooManyRequests(answer);
      expect(answer.text).not.toContain('accessToken');
    }));

  it('counts case and whitespace variants of the email as the same email', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      const variants = [email.toUpperCase(), ` ${email}`, `${email}\t`, email.replace(/^./, (c) => c.toUpperCase()), ` ${email.toUpperCase()} `];
      for (const variant of variants) expectRestError(await restLogin(api, variant), 401, 'UNAUTHENTICATED');
      expectRestTooManyRequests(await restLogin(api, email));
    }));

  it('answers the sixth wrong GraphQL login with TOO_MANY_REQUESTS, extensions.retryAfter and a Retry-After header', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      for (let attempt = 1; attempt <= 5; attempt++) expect(graphqlCodes(await graphqlLogin(api, email))).toEqual(['UNAUTHENTICATED']);
      const answer = await graphqlLogin(api, email);
      expect(graphqlCodes(answer)).toEqual(['TOO_MANY_REQUESTS']);
      expect(answer.status).toBe(429);
      const retryAfter = answer.body.errors[0].extensions.retryAfter;
      expect(typeof retryAfter).toBe('number');
      expect(retryAfter).toBe(retryAfterHeader(answer));
    }));

  it('checks at most five of ten parallel wrong logins for one email; the others get 429', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? restLogin(api, email) : graphqlLogin(api, email))));
      const limitedAnswers = answers.filter((answer) => answer.status === 429);
      expect(answers.length - limitedAnswers.length).toBeLessThanOrEqual(5);
      for (const answer of limitedAnswers) retryAfterHeader(answer);
    }));

  it('shares the count between REST and GraphQL', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      for (let attempt = 1; attempt <= 3; attempt++) await restLogin(api, email);
      for (let attempt = 1; attempt <= 2; attempt++) await graphqlLogin(api, email);
      expectRestTooManyRequests(await restLogin(api, email));
      expect(graphqlCodes(await graphqlLogin(api, email))).toEqual(['TOO_MANY_REQUESTS']);
    }));

  it('limits one client spreading guesses over many emails: the 21st failure from one IP is refused', () =>
    limited(async (api) => {
      const from = { localAddress: '127.0.0.77' };
      for (let attempt = 1; attempt <= 20; attempt++) {
        const answer = await api.rest('POST', '/api/auth/login', { ...from, json: { email: `nobody${attempt}@example.com`, password: 'not the password' } });
        expectRestError(answer, 401, 'UNAUTHENTICATED');
      }
      const { email } = await aStoredUser(fixture);
      expectRestTooManyRequests(await api.rest('POST', '/api/auth/login', { ...from, json: { email, password: 'not the password' } }));
      // Another client is not locked out by it.
      expectRestError(await api.rest('POST', '/api/auth/login', { localAddress: '127.0.0.78', json: { email, password: 'not the password' } }), 401, 'UNAUTHENTICATED');
    }));
});
