/**
 * The REST API over real HTTP: the whole server (startTestServer) on one store
 * fixture, a small fetch wrapper, and ways to make users. Administrators are
 * made the way the contract says the first one is: by the operator, through the
 * use cases; everything else goes through HTTP.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { systemClock } from '../../../src/core/shared/clock.js';
import { createUseCases } from '../../../src/core/use-cases.js';
import { JoseAccessTokens } from '../../../src/data/security/jose-access-tokens.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { fastHasher, startTestServer, type TestServer, type TestServerOptions } from '../../support/test-server.js';
import type { UserJson } from '../../support/user-json.js';

export const PASSWORD = 'correct horse battery staple';
export const USER_FIELDS = ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt'];
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Well-formed (UUIDv7) but given to no user. */
export const UNKNOWN_ID = '01890a5d-ac96-774b-bcce-b302099a8057';


export interface Answer {
  status: number;
  headers: Headers;
  /** The raw body text; '' when there is none. */
  text: string;
  /** The body parsed as JSON; undefined when there is none. */
  body: any;
}

export interface RequestOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is, with whatever headers are given (fetch adds text/plain for a string). */
  raw?: string | Uint8Array;
  token?: string;
  headers?: Record<string, string>;
}

let seq = 0;
export function aSignUp(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return { email: `rest-user${seq}@example.com`, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD, ...overrides };
}

/** Starts the server for this describe block; call inside describeEachStore's body. A function as `options` is read in beforeAll. */
export function useRestApi(fixture: () => StoreFixture, options: TestServerOptions | (() => TestServerOptions) = {}) {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(fixture(), typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    if (!server) throw new Error('server not started');
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined = options.raw;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
  }

  /** Signs up over HTTP and returns the created user and what was sent. */
  async function signUp(overrides: Record<string, unknown> = {}) {
    const input = aSignUp(overrides);
    const answer = await request('POST', '/api/users', { json: input });
    expect(answer.status, answer.text).toBe(201);
    return { user: answer.body.user as UserJson, input };
  }

  async function login(email: string, password = PASSWORD) {
    const answer = await request('POST', '/api/auth/login', { json: { email, password } });
    expect(answer.status, answer.text).toBe(200);
    return answer.body as { accessToken: string; refreshToken: string; expiresIn: number; user: UserJson };
  }

  /** A signed-up, logged-in USER. */
  async function aUser(overrides: Record<string, unknown> = {}) {
    const { user, input } = await signUp(overrides);
    const session = await login(input.email);
    return { user, input, token: session.accessToken, refreshToken: session.refreshToken };
  }

  /** An ADMIN made by the operator (as `users create --role ADMIN` does), then logged in over HTTP. */
  async function anAdmin() {
    const operator = createUseCases({
      store: fixture().store,
      hasher: fastHasher,
      accessTokens: new JoseAccessTokens('unused-by-these-tests-but-32-bytes-long', 60),
      clock: systemClock,
      refreshTokenTtl: 60,
    });
    const input = aSignUp();
    await operator.createUser.execute({ ...input, role: 'ADMIN' }, OPERATOR);
    const session = await login(input.email);
    return { user: session.user, input, token: session.accessToken };
  }

  /** The server's base URL, for what request() does not cover (a body that is not JSON). */
  const url = (): string => {
    if (!server) throw new Error('server not started');
    return server.url;
  };

  return { request, signUp, login, aUser, anAdmin, url };
}

/** Asserts the contract's error body: exactly {error: {code, message, fields?}}. */
export function expectError(answer: Answer, status: number, code: string, fields?: string[]): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(Object.keys(answer.body)).toEqual(['error']);
  expect(answer.body.error.code).toBe(code);
  expect(typeof answer.body.error.message).toBe('string');
  if (fields) expect(answer.body.error.fields.map((f: { field: string }) => f.field)).toEqual(fields);
}

/** A user as REST shows it: exactly the GraphQL User fields, ISO dates. */
export function expectUserJson(user: UserJson): void {
  expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
  expect(user.createdAt).toMatch(ISO_DATE);
  expect(user.updatedAt).toMatch(ISO_DATE);
}
