/**
 * Requests that are wrong before any rule applies: bodies that are not JSON,
 * bodies that say they are something else, and the requests a browser can be
 * tricked into sending (CSRF), GET mutations and batches on /graphql.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  aSignUp,
  aStoredUser,
  codeOf,
  describeHostile,
  expectRestError,
  graphqlCodes,
  PASSWORD,
  useHostileServer,
} from './support/hostile-client.js';

const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';

const MALFORMED_JSON: [string, string | Buffer][] = [
  ['a truncated object', '{"email": '],
  ['an unterminated string', '{"email":"a@example.com'],
  ['trailing garbage after the object', '{"email":"a@example.com"} x'],
  ['single-quoted strings', "{'email':'a@example.com'}"],
  ['a NaN literal', '{"email": NaN}'],
  ['a trailing comma', '{"email":"a@example.com",}'],
  ['a comment', '{"email":"a@example.com" /* hi */}'],
  ['a bare word', 'nul'],
  ['a lone NUL byte', '\u0000'],
  ['UTF-16 encoded JSON', Buffer.from('{"email":"a@example.com"}', 'utf16le')],
];

function multipart(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = '----hostile-boundary';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A body sent as something other than application/json, as a client would encode it. */
interface Encoding {
  what: string;
  encode(input: Record<string, string>): { headers: Record<string, string>; body: string };
}

const as = (contentType: string) => (input: Record<string, string>) => ({ headers: { 'content-type': contentType }, body: JSON.stringify(input) });

const NOT_JSON: Encoding[] = [
  { what: 'text/plain', encode: as('text/plain') },
  { what: 'text/plain with a charset', encode: as('text/plain; charset=utf-8') },
  {
    what: 'application/x-www-form-urlencoded',
    encode: (input) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(input).toString() }),
  },
  {
    what: 'multipart/form-data',
    encode: (input) => {
      const form = multipart(input);
      return { headers: { 'content-type': form.contentType }, body: form.body };
    },
  },
  { what: 'no Content-Type at all', encode: (input) => ({ headers: {}, body: JSON.stringify(input) }) },
  { what: 'application/vnd.api+json', encode: as('application/vnd.api+json') },
  { what: 'application/json-patch+json', encode: as('application/json-patch+json') },
  { what: 'text/json', encode: as('text/json') },
  { what: 'an unparseable Content-Type', encode: as('json') },
];

describeHostile('hostile transport requests', (fixture) => {
  const api = useHostileServer(fixture);
  let user: Awaited<ReturnType<typeof aStoredUser>>;
  beforeEach(async () => {
    user = await aStoredUser(fixture);
  });

  describe('malformed JSON on REST', () => {
    for (const [what, body] of MALFORMED_JSON) {
      it(`refuses ${what} with 400 BAD_USER_INPUT on sign-up, login and PATCH, changing nothing`, async () => {
        const before = { count: await api.userCount(), user: await api.stored(user.id) };
        const headers = { 'content-type': 'application/json' };
        expectRestError(await api.rest('POST', '/api/users', { raw: body, headers }), 400, 'BAD_USER_INPUT');
        expectRestError(await api.rest('POST', '/api/auth/login', { raw: body, headers }), 400, 'BAD_USER_INPUT');
        expectRestError(await api.rest('PATCH', `/api/users/${user.id}`, { raw: body, headers, token: user.accessToken }), 400, 'BAD_USER_INPUT');
        expect({ count: await api.userCount(), user: await api.stored(user.id) }).toEqual(before);
      });
    }

    it('refuses an empty body declared as JSON with 400 BAD_USER_INPUT', async () => {
      expectRestError(await api.rest('POST', '/api/users', { raw: '', headers: { 'content-type': 'application/json' } }), 400, 'BAD_USER_INPUT');
    });

    it('refuses 40 000 nested arrays with 400 BAD_USER_INPUT', async () => {
      const deep = `${'['.repeat(40_000)}${']'.repeat(40_000)}`;
      expectRestError(await api.rest('POST', '/api/users', { raw: deep, headers: { 'content-type': 'application/json' } }), 400, 'BAD_USER_INPUT');
    });

    it('refuses a gzip-encoded body rather than inflating it', async () => {
      const { gzipSync } = await import('node:zlib');
      const before = await api.userCount();
      const answer = await api.rest('POST', '/api/users', {
        raw: gzipSync(JSON.stringify(aSignUp())),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a Content-Length that is not a number with 400 BAD_USER_INPUT', async () => {
      const answer = await api.raw([
        'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}',
      ]);
      expect(answer.status).toBe(400);
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    });
  });

  describe('malformed JSON on /graphql', () => {
    for (const [what, body] of MALFORMED_JSON) {
      it(`refuses ${what} with 400 BAD_USER_INPUT`, async () => {
        const answer = await api.rest('POST', '/graphql', { raw: body, headers: { 'content-type': 'application/json' } });
        expect(answer.status, answer.text).toBe(400);
        expect(codeOf(answer)).toBe('BAD_USER_INPUT');
      });
    }

    const WRONG_SHAPES: [string, unknown][] = [
      ['an empty object', {}],
      ['a query that is a number', { query: 123 }],
      ['a query that is an operator object', { query: { $ne: '' } }],
      ['a query that is an array', { query: ['{ me { id } }'] }],
      ['a query that is null', { query: null }],
      ['variables that are a string', { query: '{ me { id } }', variables: '{"a":1}' }],
      ['variables that are an array', { query: '{ me { id } }', variables: [1, 2] }],
      ['an operationName that is an object', { query: '{ me { id } }', operationName: { $ne: 1 } }],
      ['extensions that are a string', { query: '{ me { id } }', extensions: 'x' }],
    ];
    for (const [what, body] of WRONG_SHAPES) {
      it(`refuses a body with ${what} with 400`, async () => {
        const answer = await api.rest('POST', '/graphql', { json: body });
        expect(answer.status, answer.text).toBe(400);
      });
    }

    it('refuses 30 000 nested arrays as the createUser input with 400 BAD_USER_INPUT, creating nothing', async () => {
      const before = await api.userCount();
      const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
      const body = `{"query":${JSON.stringify(CREATE_USER)},"variables":{"input":${deep}}}`;
      const answer = await api.rest('POST', '/graphql', { raw: body, headers: { 'content-type': 'application/json' } });
      expect(answer.status).toBe(400);
      expect(graphqlCodes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(await api.userCount()).toBe(before);
    });
  });

  describe('REST bodies that are not application/json', () => {
    for (const { what, encode } of NOT_JSON) {
      it(`refuses ${what} with 415 UNSUPPORTED_MEDIA_TYPE on sign-up, login and PATCH, changing nothing`, async () => {
        const before = { count: await api.userCount(), user: await api.stored(user.id) };
        const send = (method: string, path: string, input: Record<string, string>, token?: string) => {
          const { headers, body } = encode(input);
          return api.rest(method, path, { raw: body, headers, token });
        };
        expectRestError(await send('POST', '/api/users', aSignUp()), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expectRestError(await send('POST', '/api/auth/login', { email: user.email, password: PASSWORD }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expectRestError(await send('PATCH', `/api/users/${user.id}`, { firstName: 'Mallory' }, user.accessToken), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expect({ count: await api.userCount(), user: await api.stored(user.id) }).toEqual(before);
      });
    }
  });

  describe('/graphql: what a browser could be made to send', () => {
    const createUserBody = () => JSON.stringify({ query: CREATE_USER, variables: { input: aSignUp() } });
    const getQuery = (query: string, headers: Record<string, string> = {}, extra = '') =>
      api.rest('GET', `/graphql?query=${encodeURIComponent(query)}${extra}`, { headers });

    it('refuses a text/plain POST carrying a mutation as a potential CSRF, creating nothing', async () => {
      const before = await api.userCount();
      const answer = await api.rest('POST', '/graphql', { raw: createUserBody(), headers: { 'content-type': 'text/plain' } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a form-urlencoded POST carrying a mutation, creating nothing', async () => {
      const before = await api.userCount();
      const body = new URLSearchParams({ query: CREATE_USER, variables: JSON.stringify({ input: aSignUp() }) }).toString();
      const answer = await api.rest('POST', '/graphql', { raw: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect([400, 415]).toContain(answer.status);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a multipart POST carrying a mutation, creating nothing', async () => {
      const before = await api.userCount();
      const form = multipart({ operations: createUserBody(), map: '{}' });
      const answer = await api.rest('POST', '/graphql', { raw: form.body, headers: { 'content-type': form.contentType } });
      expect([400, 415]).toContain(answer.status);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a POST without a Content-Type, creating nothing', async () => {
      const before = await api.userCount();
      const answer = await api.rest('POST', '/graphql', { raw: createUserBody() });
      expect([400, 415]).toContain(answer.status);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a GET query without a preflight header as a potential CSRF', async () => {
      const answer = await getQuery('{ users { totalCount } }', { authorization: `Bearer ${user.accessToken}` });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
      expect(answer.body.data).toBeUndefined();
    });

    it('refuses a GET query declaring a simple Content-Type (text/plain) as a potential CSRF', async () => {
      const answer = await getQuery('{ me { id } }', { 'content-type': 'text/plain' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    });

    for (const [what, headers] of [
      ['apollo-require-preflight: true', { 'apollo-require-preflight': 'true' }],
      ['x-apollo-operation-name', { 'x-apollo-operation-name': 'Users' }],
      ['content-type: application/json (not a simple request)', { 'content-type': 'application/json' }],
    ] as const) {
      it(`answers a GET query sent with ${what}`, async () => {
        const answer = await getQuery('{ users { totalCount } }', { ...headers, authorization: `Bearer ${user.accessToken}` });
        expect(answer.status, answer.text).toBe(200);
        expect(answer.body.data.users.totalCount).toBeGreaterThanOrEqual(1);
      });
    }

    it('refuses a mutation over GET with 405, even with a preflight header, creating nothing', async () => {
      const before = await api.userCount();
      const { email } = aSignUp();
      const mutation = `mutation { createUser(input: { email: "${email}", firstName: "A", lastName: "B", password: "${PASSWORD}" }) { id } }`;
      const answer = await getQuery(mutation, { 'apollo-require-preflight': 'true' });
      expect(answer.status).toBe(405);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a mutation picked by operationName from a GET document that also holds a query, creating nothing', async () => {
      const before = await api.userCount();
      const { email } = aSignUp();
      const document = `query Q { me { id } } mutation M { createUser(input: { email: "${email}", firstName: "A", lastName: "B", password: "${PASSWORD}" }) { id } }`;
      const answer = await getQuery(document, { 'apollo-require-preflight': 'true' }, '&operationName=M');
      expect(answer.status).toBe(405);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a batched array of two mutations with 400, running neither', async () => {
      const before = await api.userCount();
      const operations = [aSignUp(), aSignUp()].map((input) => ({ query: CREATE_USER, variables: { input } }));
      const answer = await api.rest('POST', '/graphql', { json: operations });
      expect(answer.status).toBe(400);
      expect(await api.userCount()).toBe(before);
    });

    it('refuses a batch of one with 400, running nothing', async () => {
      const before = await api.userCount();
      const answer = await api.rest('POST', '/graphql', { json: [{ query: CREATE_USER, variables: { input: aSignUp() } }] });
      expect(answer.status).toBe(400);
      expect(await api.userCount()).toBe(before);
    });
  });
});
