/**
 * Password guessing against RATE_LIMIT=on (CONTRACT.md, "Rate limits"): ten
 * failed logins in a row for one email from one client, a hundred a day for
 * one email from every client, a hundred a day from one client; then
 * TOO_MANY_REQUESTS with a Retry-After header and retryAfter seconds in the
 * body. One client's guessing must not lock anyone else out below those daily
 * caps. Each test has a server of its own, so every counter starts at zero;
 * every client is a loopback address of its own (127.x.y.z).
 */
import { expect, it } from 'vitest';
import type { StoreFixture } from '../support/store-fixture.js';
import { type Answer, aStoredUser, describeHostile, expectRestError, graphqlCodes, type HostileApi, PASSWORD, withHostileServer } from './support/hostile-client.js';

/** CONTRACT.md, "Rate limits". */
const IN_A_ROW = 10;
const PER_DAY = 100;

const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

/** Loopback source addresses, one per simulated client. */
const client = (n: number) => `127.0.${Math.floor(n / 250)}.${(n % 250) + 2}`;
const DEFAULT_CLIENT = client(0);

const restLogin = (api: HostileApi, email: string, password = 'not the password', from = DEFAULT_CLIENT) =>
  api.rest('POST', '/api/auth/login', { localAddress: from, json: { email, password } });
const graphqlLogin = (api: HostileApi, email: string, password = 'not the password', from = DEFAULT_CLIENT) =>
  api.graphql(LOGIN, { email, password }, { localAddress: from });

/** `count` wrong REST logins, one after another, each checked as a plain failure. */
async function failures(api: HostileApi, email: string, count: number, from = DEFAULT_CLIENT): Promise<void> {
  for (let attempt = 1; attempt <= count; attempt++) expectRestError(await restLogin(api, email, 'not the password', from), 401, 'UNAUTHENTICATED');
}

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
  expect(answer.text).not.toContain('accessToken');
}

function expectLoggedIn(answer: Answer): void {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.accessToken).toEqual(expect.any(String));
}

describeHostile('login rate limits', (fixture) => {
  const limited = (work: (api: HostileApi) => Promise<void>) => withHostileServer(fixture() as StoreFixture, { RATE_LIMIT: 'on' }, work);

  it('answers the eleventh wrong REST login in a row for one email from one client with 429, Retry-After and error.retryAfter', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      await failures(api, email, IN_A_ROW);
      const answer = await restLogin(api, email);
      expectRestTooManyRequests(answer);
      // The fifteen-minute window, not the day.
      expect(retryAfterHeader(answer)).toBeLessThanOrEqual(15 * 60);
    }));

  it('refuses even the right password from that client once it is locked out of the account, handing out no token', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      await failures(api, email, IN_A_ROW);
      expectRestTooManyRequests(await restLogin(api, email, PASSWORD));
    }));

  it('counts case and whitespace variants of the email as the same email', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      const variants = [email.toUpperCase(), ` ${email}`, `${email}\t`, email.replace(/^./, (c) => c.toUpperCase()), ` ${email.toUpperCase()} `];
      for (let attempt = 0; attempt < IN_A_ROW; attempt++) {
        expectRestError(await restLogin(api, variants[attempt % variants.length]!), 401, 'UNAUTHENTICATED');
      }
      expectRestTooManyRequests(await restLogin(api, email));
    }));

  it('answers the eleventh wrong GraphQL login with TOO_MANY_REQUESTS, extensions.retryAfter and a Retry-After header', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      for (let attempt = 1; attempt <= IN_A_ROW; attempt++) expect(graphqlCodes(await graphqlLogin(api, email))).toEqual(['UNAUTHENTICATED']);
      const answer = await graphqlLogin(api, email);
      expect(graphqlCodes(answer)).toEqual(['TOO_MANY_REQUESTS']);
      expect(answer.status).toBe(429);
      const retryAfter = answer.body.errors[0].extensions.retryAfter;
      expect(typeof retryAfter).toBe('number');
      expect(retryAfter).toBe(retryAfterHeader(answer));
    }));

  it('checks at most ten of twenty parallel wrong logins for one email; the others get 429', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      const answers = await Promise.all(Array.from({ length: 2 * IN_A_ROW }, (_, i) => (i % 2 ? restLogin(api, email) : graphqlLogin(api, email))));
      const limitedAnswers = answers.filter((answer) => answer.status === 429);
      expect(answers.length - limitedAnswers.length).toBeLessThanOrEqual(IN_A_ROW);
      for (const answer of limitedAnswers) retryAfterHeader(answer);
    }));

  it('does not let aliased logins in one document multiply attempts: at most ten passwords are checked before the refusal', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      // 15: the most aliases a document may have (DOCUMENT_LIMITS).
      const guesses = Array.from({ length: 15 }, (_, i) => `g${i}: login(email: $email, password: "guess number ${i}") { accessToken }`);
      const document = `mutation Guesses($email: String!) { ${guesses.join(' ')} }`;
      let checked = 0;
      for (let sent = 1; ; sent++) {
        expect(sent, 'documents sent before the refusal').toBeLessThanOrEqual(IN_A_ROW + 1);
        const codes = graphqlCodes(await api.graphql(document, { email }, { localAddress: DEFAULT_CLIENT }));
        expect(codes.length, 'one error per document').toBeGreaterThan(0);
        expect(codes.every((code) => code === 'UNAUTHENTICATED' || code === 'TOO_MANY_REQUESTS'), String(codes)).toBe(true);
        checked += codes.filter((code) => code === 'UNAUTHENTICATED').length;
        if (codes.includes('TOO_MANY_REQUESTS')) break;
      }
      expect(checked).toBeGreaterThan(0);
      expect(checked).toBeLessThanOrEqual(IN_A_ROW);
      expectRestTooManyRequests(await restLogin(api, email));
    }));

  it('shares the count between REST and GraphQL', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      await failures(api, email, IN_A_ROW / 2);
      for (let attempt = 1; attempt <= IN_A_ROW / 2; attempt++) await graphqlLogin(api, email);
      expectRestTooManyRequests(await restLogin(api, email));
      expect(graphqlCodes(await graphqlLogin(api, email))).toEqual(['TOO_MANY_REQUESTS']);
    }));

  it('forgets the failures in a row after a correct login: ten more failures are allowed, the eleventh is refused', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      await failures(api, email, IN_A_ROW - 1);
      expectLoggedIn(await restLogin(api, email, PASSWORD));
      await failures(api, email, IN_A_ROW);
      expectRestTooManyRequests(await restLogin(api, email));
    }));

  it("does not stop another account's correct login from the same address, nor this account's from another address", () =>
    limited(async (api) => {
      // One person behind a shared NAT guesses at a victim's account until refused.
      const victim = await aStoredUser(fixture);
      const neighbour = await aStoredUser(fixture);
      await failures(api, victim.email, IN_A_ROW);
      for (let attempt = 1; attempt <= 5; attempt++) expectRestTooManyRequests(await restLogin(api, victim.email));
      // Someone else behind the same address logs in to their own account.
      expectLoggedIn(await restLogin(api, neighbour.email, PASSWORD));
      expect(graphqlCodes(await graphqlLogin(api, neighbour.email, PASSWORD))).toEqual([]);
      // The victim, from elsewhere, logs in too.
      expectLoggedIn(await restLogin(api, victim.email, PASSWORD, client(1)));
    }));

  it('stops slow guessing at one account from many addresses: after 100 failures in a day even the right password is refused, from a new address too', () =>
    limited(async (api) => {
      const { email } = await aStoredUser(fixture);
      const addresses = PER_DAY / IN_A_ROW;
      for (let n = 1; n <= addresses; n++) await failures(api, email, IN_A_ROW, client(n));
      const fresh = client(addresses + 1);
      const refused = await restLogin(api, email, PASSWORD, fresh);
      expectRestTooManyRequests(refused);
      // The daily window, not the fifteen minutes.
      expect(retryAfterHeader(refused)).toBeGreaterThan(15 * 60);
      // That address has spent nothing of its own: another account logs in from it.
      expectLoggedIn(await restLogin(api, (await aStoredUser(fixture)).email, PASSWORD, fresh));
    }));

  it('limits one client spreading guesses over many emails: the 101st failure from one address is refused, the right password too', () =>
    limited(async (api) => {
      for (let attempt = 1; attempt <= PER_DAY; attempt++) {
        expectRestError(await restLogin(api, `nobody${attempt}@example.com`), 401, 'UNAUTHENTICATED');
      }
      const { email } = await aStoredUser(fixture);
      expectRestTooManyRequests(await restLogin(api, email));
      expectRestTooManyRequests(await restLogin(api, email, PASSWORD));
      // Another client is not locked out by it.
      expectLoggedIn(await restLogin(api, email, PASSWORD, client(1)));
    }));
});
