/**
 * A hostile client over real HTTP: the whole application (startTestServer) on
 * one store fixture, spoken to through node:http or a bare socket so that every
 * header and byte is the test's choice (fetch would add a Content-Type, pool
 * connections and refuse some requests outright).
 *
 * Every answer is inspected before a test sees it: a 5xx, an
 * INTERNAL_SERVER_ERROR, or an error body holding a stack, SQL, driver text, a
 * server path or the password just sent fails the test there and then. So each
 * test in tests/hostile also checks "never 500, never a leak" for every request
 * it makes.
 */
import { Agent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import type { StoreFixture, StoreKind } from '../../support/store-fixture.js';
import { describeEachStore, memoryStore } from '../../support/stores.js';
import { mongoStore } from '../../support/mongo-stores.js';
import { postgresStore } from '../../support/sql-stores.js';
import { fastHasher, startTestServer, type TestServer } from '../../support/test-server.js';
import { newId } from '../../../src/core/shared/ids.js';
import { JWT_SECRET, signedWith } from './jwt.js';
import { findLeaks, passwordsIn } from './leaks.js';
import type { UserJson } from '../../support/user-json.js';

/** The stores every hostile suite runs on: the two servers the brief names, and memory (cheap). */
export const HOSTILE_STORES: StoreKind[] = [memoryStore, postgresStore, mongoStore];

export const PASSWORD = 'hostile horse battery staple';

export function describeHostile(title: string, body: (fixture: () => StoreFixture, kind: StoreKind) => void): void {
  describeEachStore(title, body, HOSTILE_STORES);
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The raw body; '' when there is none. */
  text: string;
  /** The body parsed as JSON when it is JSON, else undefined. */
  body: any;
  /** Milliseconds from the first byte sent to the last byte received. */
  ms: number;
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json` unless headers say otherwise. */
  json?: unknown;
  /** Sent as is, with only the headers given (and Content-Length). */
  raw?: string | Buffer;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Source address (any 127.x.y.z): a distinct client IP for the rate limits. */
  localAddress?: string;
  /** Strings besides the passwords found in `json` that must not come back. */
  secrets?: string[];
  /** For the one kind of test that expects a server error (a known bug, it.fails). */
  allowServerError?: boolean;
}

const parse = (text: string, contentType: unknown): any => {
  if (text === '' || !String(contentType ?? '').includes('json')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** True when the answer reports a failure, in the REST or the GraphQL shape, or by status. */
const isErrorAnswer = (answer: Answer): boolean =>
  answer.status >= 400 || answer.body?.error !== undefined || Array.isArray(answer.body?.errors);

/**
 * The checks every answer gets. Exported for answers a test obtains some other
 * way (the raw socket helper calls it too).
 */
export function inspect(answer: Answer, what: string, secrets: readonly string[], allowServerError = false): Answer {
  if (!allowServerError) {
    expect(answer.status, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
    expect(answer.text, `${what} answered INTERNAL_SERVER_ERROR`).not.toContain('INTERNAL_SERVER_ERROR');
  }
  if (isErrorAnswer(answer)) {
    expect(findLeaks(answer.text, secrets), `${what} leaked in its error body: ${answer.text.slice(0, 300)}`).toEqual([]);
  }
  return answer;
}

/** Keep-alive saves a connection per request; raw exchanges (rawExchange) always get a socket of their own. */
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

function send(base: string, method: string, path: string, options: SendOptions): Promise<Answer> {
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined = options.raw;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  const started = performance.now();
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers, agent, localAddress: options.localAddress, timeout: 20_000 });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 20 s`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parse(text, res.headers['content-type']), ms: performance.now() - started });
      });
    });
    req.end(payload);
  }).then((answer) =>
    inspect(answer, `${method} ${path}`, [PASSWORD, ...passwordsIn(options.json), ...(options.secrets ?? [])], options.allowServerError),
  );
}

/**
 * Exact bytes on a fresh socket; the answer is whatever arrives until the
 * server closes (send `Connection: close`) or `timeoutMs` passes. A server
 * that answers early and resets the connection mid-upload is fine: what it
 * said before the reset is the answer.
 */
export function rawExchange(base: string, chunks: readonly (string | Buffer)[], options: { timeoutMs?: number; secrets?: string[] } = {}): Promise<Answer> {
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise<Buffer>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), options.timeoutMs ?? 5_000);
    socket.on('data', (data: Buffer) => received.push(data));
    socket.on('error', (error) => (received.length > 0 ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(received));
    });
    socket.on('connect', () => {
      const writeNext = (index: number): void => {
        if (index >= chunks.length || socket.destroyed) return;
        socket.write(chunks[index]!, () => writeNext(index + 1));
      };
      writeNext(0);
    });
  }).then((bytes) => {
    const text = bytes.toString('latin1');
    const headEnd = text.indexOf('\r\n\r\n');
    const statusLine = /^HTTP\/1\.[01] (\d{3})/.exec(text);
    if (!statusLine || headEnd < 0) throw new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
    const headers: IncomingHttpHeaders = {};
    for (const line of text.slice(0, headEnd).split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    let body = bytes.subarray(Buffer.byteLength(text.slice(0, headEnd + 4), 'latin1'));
    if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
    const bodyText = body.toString('utf8');
    const answer = { status: Number(statusLine[1]), headers, text: bodyText, body: parse(bodyText, headers['content-type']), ms: performance.now() - started };
    return inspect(answer, 'raw request', [PASSWORD, ...(options.secrets ?? [])]);
  });
}

function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}


export interface Session {
  user: UserJson;
  accessToken: string;
  refreshToken: string;
}

let seq = 0;
/** A valid sign-up body with a fresh email. */
export function aSignUp(overrides: Record<string, unknown> = {}) {
  seq += 1;
  return { email: `hostile${seq}-${process.pid}@example.com`, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD, ...overrides };
}

/**
 * A user put straight into the store with PASSWORD, and an access token made
 * the way the server makes one (forged-tokens.test.ts shows the server takes
 * it): no HTTP round trips, so a test spends its time on the attack.
 */
export async function aStoredUser(fixture: () => StoreFixture, role: 'USER' | 'ADMIN' = 'USER'): Promise<{ id: string; email: string; accessToken: string }> {
  const input = aSignUp();
  const now = new Date();
  const id = newId(now);
  await fixture().store.users.insert({
    id,
    email: input.email,
    firstName: input.firstName,
    lastName: input.lastName,
    passwordHash: await fastHasher.hash(PASSWORD),
    role,
    createdAt: now,
    updatedAt: now,
    tokenVersion: 0,
  });
  return { id, email: input.email, accessToken: signedWith(id) };
}

export type HostileApi = ReturnType<typeof createApi>;

function createApi(url: () => string, fixture: () => StoreFixture) {
  const rest = (method: string, path: string, options: SendOptions = {}) => send(url(), method, path, options);
  const graphql = (query: string, variables?: Record<string, unknown>, options: Omit<SendOptions, 'json'> = {}) =>
    send(url(), 'POST', '/graphql', { ...options, json: { query, ...(variables && { variables }) } });

  async function signUp(overrides: Record<string, unknown> = {}): Promise<{ user: UserJson; input: ReturnType<typeof aSignUp> }> {
    const input = aSignUp(overrides);
    const answer = await rest('POST', '/api/users', { json: input });
    expect(answer.status, answer.text).toBe(201);
    return { user: answer.body.user, input };
  }

  async function login(email: string, password = PASSWORD): Promise<Session> {
    const answer = await rest('POST', '/api/auth/login', { json: { email, password } });
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  }

  /** A signed-up, logged-in USER. */
  async function aUser(overrides: Record<string, unknown> = {}): Promise<Session> {
    const { input } = await signUp(overrides);
    return login(input.email);
  }

  /** An ADMIN, put straight into the store the way the operator CLI would make one, then logged in over HTTP. */
  async function anAdmin(): Promise<Session> {
    return login((await aStoredUser(fixture, 'ADMIN')).email);
  }

  /** The user as stored, password hash and all: what "nothing changed" is checked against. */
  const stored = (id: string) => fixture().store.users.findById(id);
  const userCount = () => fixture().store.users.count();

  return { url, rest, graphql, raw: (chunks: readonly (string | Buffer)[], options?: { timeoutMs?: number; secrets?: string[] }) => rawExchange(url(), chunks, options), signUp, login, aUser, anAdmin, stored, userCount };
}

/** Starts the server for the enclosing describe block, with `env` on top of the test defaults. */
export function useHostileServer(fixture: () => StoreFixture, env: Record<string, string> = {}): HostileApi {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(fixture(), { env: { JWT_SECRET, ...env } });
  });
  afterAll(async () => {
    await server?.close();
  });
  return createApi(() => {
    if (!server) throw new Error('server not started');
    return server.url;
  }, fixture);
}

/** A server of its own for one test (rate limits start from zero; production settings). */
export async function withHostileServer<T>(fixture: StoreFixture, env: Record<string, string>, work: (api: HostileApi) => Promise<T>): Promise<T> {
  const server = await startTestServer(fixture, { env: { JWT_SECRET, ...env } });
  try {
    return await work(createApi(() => server.url, () => fixture));
  } finally {
    await server.close();
  }
}

/** The code of an error answer, REST shape (`error.code`) or GraphQL shape (`errors[0].extensions.code`). */
export function codeOf(answer: Answer): unknown {
  return answer.body?.error?.code ?? answer.body?.errors?.[0]?.extensions?.code;
}

/** Every GraphQL error code in the answer, in order. */
export const graphqlCodes = (answer: Answer): unknown[] => (answer.body?.errors ?? []).map((error: any) => error.extensions?.code);

/** The contract's REST error body: exactly {error: {code, message, fields?}} with this status. */
export function expectRestError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(String(answer.headers['content-type'])).toMatch(/^application\/json/);
  expect(Object.keys(answer.body ?? {}), answer.text).toEqual(['error']);
  expect(answer.body.error.code, answer.text).toBe(code);
  expect(typeof answer.body.error.message).toBe('string');
}

/** The fields a BAD_USER_INPUT names, REST or GraphQL. */
export function fieldsOf(answer: Answer): string[] {
  const fields = answer.body?.error?.fields ?? answer.body?.errors?.[0]?.extensions?.fields ?? [];
  return fields.map((field: { field: string }) => field.field);
}
