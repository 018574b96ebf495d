/**
 * Error bodies give nothing away (CONTRACT.md, "Error codes"): no stack, no
 * SQL, no driver text, no server paths, never the password just sent. The
 * hostile client checks every error answer of the suite with findLeaks; this
 * file shows the detector catching real leaks (so a clean answer means
 * something), and provokes the errors most likely to carry a store's words.
 */
import { describe, expect, it } from 'vitest';
import { aSignUp, aStoredUser, describeHostile, expectRestError, graphqlCodes, PASSWORD, useHostileServer } from './support/hostile-client.js';
import { findLeaks } from './support/leaks.js';

describe('the leak detector', () => {
  const LEAKY: [string, string][] = [
    ['a V8 stack in a JSON message', JSON.stringify({ message: 'boom', stack: 'Error: boom\n    at handler (/srv/app/src/entry-points/rest/login.ts:12:7)' })],
    ['a bare frame without a path', JSON.stringify({ message: 'Error: boom\n    at async Promise.all (index 0)\n    at run (x.js:1:1)' })],
    ['PostgreSQL unique violation', 'duplicate key value violates unique constraint "users_email_key"'],
    ['a SQL statement', 'SELECT "public"."users"."id" FROM "public"."users" WHERE "email" = $1'],
    ['a missing relation', 'relation "users" does not exist'],
    ['Prisma', 'PrismaClientKnownRequestError: Invalid `prisma.user.create()` invocation'],
    ['a Prisma code', 'Unique constraint failed (P2002)'],
    ['MongoDB duplicate key', 'E11000 duplicate key error collection: app.users index: email_1 dup key'],
    ['a MongoDB error class', 'MongoServerError: not authorized'],
    ['a pg driver message', 'pg: connection terminated unexpectedly'],
    ['a path into node_modules', 'at /app/node_modules/fastify/lib/route.js:1'],
    ['a TypeScript source position', 'thrown in create-user.ts:42'],
  ];
  for (const [what, text] of LEAKY) {
    it(`catches ${what}`, () => {
      expect(findLeaks(text)).not.toEqual([]);
    });
  }

  it('catches the submitted password, raw or JSON-escaped', () => {
    expect(findLeaks('{"message":"bad password correct horse"}', ['correct horse'])).not.toEqual([]);
    expect(findLeaks(JSON.stringify({ message: 'got "quoted" pass\\word' }), ['"quoted" pass\\word'])).not.toEqual([]);
  });

  const CLEAN = [
    '{"error":{"code":"BAD_USER_INPUT","message":"Invalid input","fields":[{"field":"password","message":"must be at most 128 characters"}]}}',
    '{"error":{"code":"PAYLOAD_TOO_LARGE","message":"Request body is larger than 100 kB"}}',
    '{"error":{"code":"NOT_FOUND","message":"No route for POST /api/nothing"}}',
    '{"errors":[{"message":"Syntax Error: Document contains more that 2000 tokens. Parsing aborted.","extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}',
    '{"errors":[{"message":"This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a \'content-type\' header\\n","extensions":{"code":"BAD_REQUEST"}}]}',
    '{"errors":[{"message":"Variable \\"$input\\" got invalid value at \\"input.password\\"; String cannot represent a non string value.","extensions":{"code":"BAD_USER_INPUT"}}]}',
    '{"error":{"code":"CONFLICT","message":"A user with this email already exists"}}',
  ];
  it('passes the contract\'s own messages', () => {
    for (const text of CLEAN) expect(findLeaks(text, [PASSWORD]), text).toEqual([]);
  });
});

const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }';

describeHostile('error bodies under provocation', (fixture) => {
  // Every answer below also passes the client's own check: no 5xx, no leak, no echo of what was sent.
  const api = useHostileServer(fixture);

  it('answers a duplicate sign-up with CONFLICT and none of the unique index\'s words, REST and GraphQL', async () => {
    const taken = await aStoredUser(fixture);
    expectRestError(await api.rest('POST', '/api/users', { json: aSignUp({ email: taken.email }) }), 409, 'CONFLICT');
    expect(graphqlCodes(await api.graphql(CREATE, { input: aSignUp({ email: taken.email.toUpperCase() }) }))).toEqual(['CONFLICT']);
  });

  it('answers twenty racing duplicate sign-ups with one 201 and nineteen clean CONFLICTs', async () => {
    const input = aSignUp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.rest('POST', '/api/users', { json: input })));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array.from({ length: 19 }, () => 409)]);
  });

  it('answers an update to a taken email with CONFLICT and none of the store\'s words, REST and GraphQL', async () => {
    const [taken, user] = await Promise.all([aStoredUser(fixture), aStoredUser(fixture)]);
    expectRestError(await api.rest('PATCH', `/api/users/${user.id}`, { json: { email: taken.email }, token: user.accessToken }), 409, 'CONFLICT');
    expect(graphqlCodes(await api.graphql(UPDATE, { id: user.id, input: { email: taken.email } }, { token: user.accessToken }))).toEqual(['CONFLICT']);
  });

  it('does not echo a wrong password in the 401, REST or GraphQL', async () => {
    const user = await aStoredUser(fixture);
    const wrong = 'a wrong but memorable password';
    const rest = await api.rest('POST', '/api/auth/login', { json: { email: user.email, password: wrong } });
    expectRestError(rest, 401, 'UNAUTHENTICATED');
    const graphql = await api.graphql('mutation($e: String!, $password: String!) { login(email: $e, password: $password) { accessToken } }', { e: user.email, password: wrong });
    expect(graphqlCodes(graphql)).toEqual(['UNAUTHENTICATED']);
  });

  it('does not echo a password sent as a number, a list or an object in GraphQL variables', async () => {
    for (const password of [987654321987, ['a listed password'], { nested: 'an object password' }]) {
      const answer = await api.graphql(CREATE, { input: aSignUp({ password }) }, { secrets: ['987654321987', 'a listed password', 'an object password'] });
      expect(graphqlCodes(answer)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('does not echo a password written unquoted, or as a list, in a GraphQL document', async () => {
    for (const literal of ['unquotedSecretPassword', '["a listed literal password"]']) {
      const answer = await api.graphql(`mutation { login(email: "a@example.com", password: ${literal}) { accessToken } }`, undefined, {
        secrets: ['unquotedSecretPassword', 'a listed literal password'],
      });
      expect(graphqlCodes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });

  it('does not echo the password in a validation error about a misspelled or repeated argument', async () => {
    const secret = 'the secret in a bad document';
    for (const document of [
      `mutation { login(email: "a@example.com", pasword: "${secret}") { accessToken } }`,
      `mutation { login(email: "a@example.com", password: "${secret}", password: "${secret}") { accessToken } }`,
    ]) {
      const answer = await api.graphql(document, undefined, { secrets: [secret] });
      expect(graphqlCodes(answer).length).toBeGreaterThan(0);
      expect(new Set(graphqlCodes(answer))).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
    }
  });

  // graphql-js syntax errors quote the unexpected token ('Expected ":", found String "<the password>"').
  it('does not echo a password that is the unexpected token of a syntax error', async () => {
    const secret = 'the secret after a missing colon';
    const answer = await api.graphql(`mutation { login(email: "a@example.com", password "${secret}") { accessToken } }`, undefined, { secrets: [secret] });
    expect(graphqlCodes(answer)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('answers ids built to break a store with 404 / null, never a 500', async () => {
    const user = await aStoredUser(fixture);
    for (const id of ["' OR '1'='1", '{"$ne":null}', '\u0000', '../../etc/passwd', 'x'.repeat(100), '01890a5d-ac96-774b-bcce-b302099a8057']) {
      expectRestError(await api.rest('GET', `/api/users/${encodeURIComponent(id)}`, { token: user.accessToken }), 404, 'NOT_FOUND');
      const answer = await api.graphql('query($id: ID!) { user(id: $id) { id } }', { id }, { token: user.accessToken });
      expect(answer.body).toEqual({ data: { user: null } });
    }
  });

  it('answers a 2 000-character id with null on GraphQL', async () => {
    const user = await aStoredUser(fixture);
    const answer = await api.graphql('query($id: ID!) { user(id: $id) { id } }', { id: 'x'.repeat(2_000) }, { token: user.accessToken });
    expect(answer.body).toEqual({ data: { user: null } });
  });

  it('answers a 2 000-character id on REST with 404 NOT_FOUND in the contract shape', async () => {
    const user = await aStoredUser(fixture);
    expectRestError(await api.rest('GET', `/api/users/${'x'.repeat(2_000)}`, { token: user.accessToken }), 404, 'NOT_FOUND');
  });

  it('answers a badly percent-encoded path in the contract shape (400 or 404), not the router\'s own body', async () => {
    const user = await aStoredUser(fixture);
    const answer = await api.rest('GET', '/api/users/%E0%A4%A', { token: user.accessToken });
    expect([400, 404]).toContain(answer.status);
    expectRestError(answer, answer.status, answer.status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT');
    // Refused by the router, before the hooks: the request id is still returned.
    expect(answer.headers['x-request-id']).toMatch(/^[\w.:-]{1,64}$/);
  });

  it('answers cursors built to break a store with BAD_USER_INPUT naming after', async () => {
    const user = await aStoredUser(fixture);
    const cursors = ["' OR 1=1 --", Buffer.from("0:' OR 1=1 --").toString('base64url'), Buffer.from('99999999999999999999:x').toString('base64url'), 'A'.repeat(5_000)];
    for (const after of cursors) {
      const answer = await api.rest('GET', `/api/users?after=${encodeURIComponent(after)}`, { token: user.accessToken });
      expectRestError(answer, 400, 'BAD_USER_INPUT');
    }
  });
});
