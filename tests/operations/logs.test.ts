import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';
import { type LogLine, pollUntil, type ServerProcess, startServer, stopAllServers } from '../support/server-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/sql-stores.js';
import { graphql, type HttpResponse, request, type RequestOptions } from './http.js';
import { describeWith } from './services.js';

/**
 * What the server writes about a whole session, REST and GraphQL, read from
 * its real stdout and stderr: CONTRACT.md says passwords are never logged,
 * and tokens and the signing key must not be either. Each request gets one
 * 'request' line whose reqId is the x-request-id the client saw.
 */

afterAll(stopAllServers);

/** Random, and with characters no UUID or timestamp has, so a match in the log is never a coincidence. */
const secret = (label: string) => `${label}-Qz_${randomBytes(12).toString('base64url')}`;
const JWT_SECRET = secret('jwt-secret-at-least-32-bytes');

interface Sent {
  method: string;
  path: string;
  operationName?: string;
  response: HttpResponse;
}

describeWith(['postgres'], 'the log of a full session (PostgreSQL server)', () => {
  let database: { name: string; url: string } | undefined;
  let server: ServerProcess;
  const sent: Sent[] = [];
  const passwords: string[] = [];
  const tokens: string[] = [];

  async function rest(method: string, path: string, options: RequestOptions & { token?: string } = {}) {
    const headers = { ...options.headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
    const response = await request(`${server.url}${path}`, { ...options, method, headers });
    sent.push({ method, path: path.split('?')[0]!, response });
    return response;
  }

  async function gql(query: string, variables: Record<string, unknown> = {}, token?: string) {
    const response = await graphql(server.url, query, variables, { token });
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
    sent.push({ method: 'POST', path: '/graphql', operationName, response });
    return response;
  }

  /** Remembers every token an AuthPayload carried, to look for them in the log. */
  function keepTokens(payload: { accessToken?: string; refreshToken?: string } | undefined) {
    expect(payload?.accessToken).toEqual(expect.any(String));
    expect(payload?.refreshToken).toEqual(expect.any(String));
    tokens.push(payload!.accessToken!, payload!.refreshToken!);
    return payload as { accessToken: string; refreshToken: string; user: { id: string } };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await migratePostgres(database.url);
    // trace: the most the process can say; a secret must not appear at any level.
    server = await startServer({ env: { DB_TYPE: 'sql', DATABASE_URL: database.url, JWT_SECRET, LOG_LEVEL: 'trace' } });
  });

  afterAll(async () => {
    await server?.kill();
    if (database) await dropTestDatabase(database.name);
  });

  it('runs a whole REST session: sign-up, login, me, refresh, new password, logout, logout everywhere, a failed login', async () => {
    const email = `rest-${randomBytes(4).toString('hex')}@example.com`;
    const [first, second, wrong, weak] = [secret('pw1'), secret('pw2'), secret('wrong'), 'Qz_shrt'];
    passwords.push(first, second, wrong, weak);

    expect((await rest('POST', '/api/users', { body: { email, firstName: 'Rest', lastName: 'Log', password: weak } })).status).toBe(400);
    const created = await rest('POST', '/api/users', { body: { email, firstName: 'Rest', lastName: 'Log', password: first } });
    expect(created.status).toBe(201);
    const login = keepTokens((await rest('POST', '/api/auth/login', { body: { email, password: first } })).body);
    expect((await rest('GET', '/api/me', { token: login.accessToken })).status).toBe(200);
    const refreshed = keepTokens((await rest('POST', '/api/auth/refresh', { body: { refreshToken: login.refreshToken } })).body);
    const updated = await rest('PATCH', `/api/users/${created.body.user.id}`, { token: refreshed.accessToken, body: { password: second } });
    expect(updated.status).toBe(200);
    const again = keepTokens((await rest('POST', '/api/auth/login', { body: { email, password: second } })).body);
    expect((await rest('POST', '/api/auth/logout', { body: { refreshToken: again.refreshToken } })).status).toBe(204);
    expect((await rest('POST', '/api/auth/logout-all', { token: again.accessToken })).status).toBe(204);
    expect((await rest('GET', '/api/me', { token: again.accessToken })).status).toBe(401);
    const failed = await rest('POST', '/api/auth/login', { body: { email, password: wrong } });
    expect(failed.status).toBe(401);
    expect((await rest('GET', '/api/no-such-route')).status).toBe(404);
    // A token in a query string is not logged either: the log keeps only the path.
    expect((await rest('GET', `/api/me?access_token=${again.accessToken}`)).status).toBe(401);
  });

  it('runs the same session over GraphQL with named operations', async () => {
    const email = `gql-${randomBytes(4).toString('hex')}@example.com`;
    const [first, second, wrong, weak] = [secret('pw1'), secret('pw2'), secret('wrong'), 'Qz_shr2'];
    passwords.push(first, second, wrong, weak);
    const signUp = 'mutation SignUp($input: CreateUserInput!) { createUser(input: $input) { id } }';
    const login = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken refreshToken user { id } } }';

    const refused = await gql(signUp, { input: { email, firstName: 'Gql', lastName: 'Log', password: weak } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const created = await gql(signUp, { input: { email, firstName: 'Gql', lastName: 'Log', password: first } });
    expect(created.body.errors).toBeUndefined();
    const session = keepTokens((await gql(login, { email, password: first })).body.data?.login);
    expect((await gql('query Me { me { id email } }', {}, session.accessToken)).body.data?.me?.email).toBe(email);
    const refreshed = keepTokens(
      (await gql('mutation Refresh($t: String!) { refreshToken(refreshToken: $t) { accessToken refreshToken } }', { t: session.refreshToken })).body
        .data?.refreshToken,
    );
    const updated = await gql(
      'mutation ChangePassword($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }',
      { id: session.user.id, input: { password: second } },
      refreshed.accessToken,
    );
    expect(updated.body.errors).toBeUndefined();
    const again = keepTokens((await gql(login, { email, password: second })).body.data?.login);
    expect((await gql('mutation Logout($t: String!) { logout(refreshToken: $t) }', { t: again.refreshToken })).body.data?.logout).toBe(true);
    const failed = await gql(login, { email, password: wrong });
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // An inline password (no variables) must not reach the log through the document either.
    const inline = await gql(`mutation InlineLogin { login(email: "${email}", password: "${wrong}") { accessToken } }`);
    expect(inline.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // GET takes the operation name from the query string.
    const viaGet = await request(`${server.url}/graphql?query=${encodeURIComponent('query MeViaGet { me { id } }')}&operationName=MeViaGet`, {
      headers: { authorization: `Bearer ${again.accessToken}`, 'apollo-require-preflight': 'true' },
    });
    expect(viaGet.status).toBe(200);
    sent.push({ method: 'GET', path: '/graphql', operationName: 'MeViaGet', response: viaGet });
  });

  it('keeps a client x-request-id of a safe form and replaces any other', async () => {
    const safe = `ops-trace.${randomBytes(6).toString('hex')}:1`;
    const kept = await rest('GET', '/health/live', { headers: { 'x-request-id': safe } });
    expect(kept.requestId).toBe(safe);

    const unsafe = `not safe ${randomBytes(4).toString('hex')} <script>`;
    const replaced = await rest('GET', '/health/live', { headers: { 'x-request-id': unsafe } });
    expect(replaced.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.text()).not.toContain(unsafe);

    const tooLong = 'a'.repeat(65);
    expect((await rest('GET', '/health/live', { headers: { 'x-request-id': tooLong } })).requestId).not.toBe(tooLong);
  });

  it("writes exactly one 'request' line per request, carrying the x-request-id the client got", async () => {
    expect(sent.length).toBeGreaterThan(20);
    const requestLines = () => server.logs().filter((line) => line.msg === 'request');
    // The line is written when the response has gone out: wait (bounded) for the last ones.
    await pollUntil("a 'request' line for every request", () => requestLines().length >= sent.length, { timeoutMs: 5_000 });

    const lines = requestLines();
    expect(lines).toHaveLength(sent.length);
    const byId = new Map<string, LogLine[]>();
    for (const line of lines) byId.set(String(line.reqId), [...(byId.get(String(line.reqId)) ?? []), line]);
    for (const { method, path, operationName, response } of sent) {
      expect(response.requestId).toEqual(expect.any(String));
      const mine = byId.get(response.requestId!) ?? [];
      expect(mine, `request line for ${method} ${path} ${operationName ?? ''}`).toHaveLength(1);
      const line = mine[0]!;
      expect(line).toMatchObject({ reqId: response.requestId, method, path, status: response.status });
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
      expect(line.operationName).toBe(operationName);
    }
  });

  it('never writes a password, an issued token or JWT_SECRET, on stdout or stderr', async () => {
    expect(passwords).toHaveLength(8);
    expect(tokens.length).toBeGreaterThanOrEqual(12);
    const output = server.text();
    expect(output.length).toBeGreaterThan(0);
    const leaked = [
      ...passwords.map((value) => ({ what: 'password', value })),
      ...tokens.map((value) => ({ what: 'token', value })),
      // A JWT's signature alone is as good as a leak of the token.
      ...tokens.filter((t) => t.split('.').length === 3).map((t) => ({ what: 'token signature', value: t.split('.')[2]! })),
      { what: 'JWT_SECRET', value: JWT_SECRET },
    ].filter(({ value }) => output.includes(value));
    expect(leaked.map(({ what, value }) => `${what} ${value.slice(0, 12)}...`)).toEqual([]);
  });
});
