/**
 * Values shaped to reach a store as something other than a string (NoSQL
 * operator objects and friends), keys shaped to poison prototypes, and fields
 * a client may not set (mass assignment): each refused with 400
 * BAD_USER_INPUT naming the field, and nothing stored or changed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  aSignUp,
  aStoredUser,
  describeHostile,
  expectRestError,
  fieldsOf,
  graphqlCodes,
  PASSWORD,
  useHostileServer,
} from './support/hostile-client.js';

/** Not one of them is a string; each would mean something else to a store that trusted it. */
const NOT_STRINGS: [string, unknown][] = [
  ['{"$ne": ""}', { $ne: '' }],
  ['{"$gt": ""}', { $gt: '' }],
  ['{"$regex": ".*"}', { $regex: '.*' }],
  ['{"$where": "1"}', { $where: '1' }],
  ['an array', ['a@example.com']],
  ['a number', 12345678],
  ['a boolean', true],
  ['null', null],
  ['a nested object', { nested: { deeper: 'x' } }],
];

/** Keys Object.prototype would answer to if a parser or a spread let them through. */
const POLLUTED = ['role', 'polluted', 'isAdmin'];
const expectPrototypeClean = () => {
  for (const key of POLLUTED) expect(({} as Record<string, unknown>)[key], `Object.prototype.${key}`).toBeUndefined();
};

describeHostile('injection and mass assignment', (fixture) => {
  const api = useHostileServer(fixture);
  let user: Awaited<ReturnType<typeof aStoredUser>>;
  let refreshToken: string;
  beforeEach(async () => {
    user = await aStoredUser(fixture);
    refreshToken = (await api.login(user.email)).refreshToken;
  });

  /** Everything an attempt could have changed: the user count, the user as stored, the session. */
  const snapshot = async () => ({ count: await api.userCount(), user: await api.stored(user.id) });
  const expectSessionAlive = async () => expect((await api.rest('POST', '/api/auth/refresh', { json: { refreshToken } })).status).toBe(200);

  describe('non-string values in every REST body field', () => {
    const ROUTES: { route: string; fields: string[]; send: (field: string, value: unknown) => ReturnType<typeof api.rest> }[] = [
      { route: 'POST /api/users', fields: ['email', 'firstName', 'lastName', 'password'], send: (field, value) => api.rest('POST', '/api/users', { json: aSignUp({ [field]: value }) }) },
      { route: 'POST /api/auth/login', fields: ['email', 'password'], send: (field, value) => api.rest('POST', '/api/auth/login', { json: { email: user.email, password: PASSWORD, [field]: value } }) },
      { route: 'PATCH /api/users/:id', fields: ['email', 'firstName', 'lastName', 'password'], send: (field, value) => api.rest('PATCH', `/api/users/${user.id}`, { json: { [field]: value }, token: user.accessToken }) },
      { route: 'POST /api/auth/refresh', fields: ['refreshToken'], send: (field, value) => api.rest('POST', '/api/auth/refresh', { json: { [field]: value } }) },
      { route: 'POST /api/auth/logout', fields: ['refreshToken'], send: (field, value) => api.rest('POST', '/api/auth/logout', { json: { [field]: value } }) },
    ];

    for (const { route, fields, send } of ROUTES) {
      for (const field of fields) {
        it(`${route} refuses each non-string ${field} (operator objects, arrays, numbers, nested objects) with 400 naming it, changing nothing`, async () => {
          const before = await snapshot();
          for (const [what, value] of NOT_STRINGS) {
            const answer = await send(field, value);
            expectRestError(answer, 400, 'BAD_USER_INPUT');
            expect(fieldsOf(answer), `${field} = ${what}`).toEqual([field]);
            expect(answer.text).not.toContain('accessToken');
          }
          expect(await snapshot()).toEqual(before);
          await expectSessionAlive();
        });
      }
    }

    it('takes the last of two duplicate keys, so a string first and an operator object second is still refused', async () => {
      const raw = `{"email":"${user.email}","password":"${PASSWORD}","password":{"$ne":""}}`;
      const answer = await api.rest('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
      expectRestError(answer, 400, 'BAD_USER_INPUT');
      expect(fieldsOf(answer)).toEqual(['password']);
    });
  });

  describe('prototype pollution', () => {
    const json = { 'content-type': 'application/json' };

    it('refuses a top-level __proto__ on sign-up with 400, storing nothing and polluting nothing', async () => {
      const before = await snapshot();
      const body = JSON.stringify(aSignUp()).replace(/^\{/, '{"__proto__":{"role":"ADMIN","polluted":true},');
      expectRestError(await api.rest('POST', '/api/users', { raw: body, headers: json }), 400, 'BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
      expectPrototypeClean();
    });

    it('refuses a __proto__ on PATCH with 400, leaving the role USER', async () => {
      const before = await snapshot();
      const body = '{"firstName":"Eve","__proto__":{"role":"ADMIN","isAdmin":true}}';
      expectRestError(await api.rest('PATCH', `/api/users/${user.id}`, { raw: body, headers: json, token: user.accessToken }), 400, 'BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
      expect(before.user?.role).toBe('USER');
      expectPrototypeClean();
    });

    it('refuses a __proto__ nested inside a field value with 400', async () => {
      const body = `{"email":"${user.email}","password":{"__proto__":{"polluted":true}}}`;
      expectRestError(await api.rest('POST', '/api/auth/login', { raw: body, headers: json }), 400, 'BAD_USER_INPUT');
      expectPrototypeClean();
    });

    it('refuses constructor.prototype on sign-up with 400, storing nothing and polluting nothing', async () => {
      const before = await snapshot();
      const body = JSON.stringify(aSignUp()).replace(/^\{/, '{"constructor":{"prototype":{"role":"ADMIN","polluted":true}},');
      expectRestError(await api.rest('POST', '/api/users', { raw: body, headers: json }), 400, 'BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
      expectPrototypeClean();
    });

    it('refuses "constructor" and "toString" as field names with 400 naming them', async () => {
      const answer = await api.rest('PATCH', `/api/users/${user.id}`, { json: { constructor: 'x', toString: 'y' }, token: user.accessToken });
      expectRestError(answer, 400, 'BAD_USER_INPUT');
      expect(fieldsOf(answer).sort()).toEqual(['constructor', 'toString']);
    });

    it('refuses __proto__ in the query string with 400', async () => {
      const answer = await api.rest('GET', '/api/users?__proto__[role]=ADMIN&constructor[prototype][polluted]=1', { token: user.accessToken });
      expectRestError(answer, 400, 'BAD_USER_INPUT');
      expectPrototypeClean();
    });

    it('refuses __proto__ inside GraphQL variables with 400, creating nothing', async () => {
      const before = await snapshot();
      const input = JSON.stringify(aSignUp()).replace(/^\{/, '{"__proto__":{"role":"ADMIN","polluted":true},');
      const body = `{"query":"mutation($input: CreateUserInput!) { createUser(input: $input) { id role } }","variables":{"input":${input}}}`;
      const answer = await api.rest('POST', '/graphql', { raw: body, headers: json });
      expect(answer.status).toBe(400);
      expect(await snapshot()).toEqual(before);
      expectPrototypeClean();
    });

    it('refuses __proto__ as a field of a GraphQL input literal, creating nothing', async () => {
      const before = await snapshot();
      const { email } = aSignUp();
      const answer = await api.graphql(
        `mutation { createUser(input: { email: "${email}", firstName: "A", lastName: "B", password: "${PASSWORD}", __proto__: { role: ADMIN } }) { id } }`,
      );
      expect(answer.status).toBe(400);
      expect(graphqlCodes(answer)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('mass assignment', () => {
    const FORBIDDEN: [string, unknown][] = [
      ['role', 'ADMIN'],
      ['id', '01890a5d-ac96-774b-bcce-b302099a8057'],
      ['createdAt', '2000-01-01T00:00:00.000Z'],
      ['updatedAt', '2000-01-01T00:00:00.000Z'],
      ['passwordHash', 'scrypt$16384$8$1$c2FsdA$aGFzaA'],
      ['_id', 'mine'],
    ];

    for (const [field, value] of FORBIDDEN) {
      it(`refuses ${field} on REST sign-up with 400 naming it, storing nothing`, async () => {
        const before = await snapshot();
        const answer = await api.rest('POST', '/api/users', { json: aSignUp({ [field]: value }) });
        expectRestError(answer, 400, 'BAD_USER_INPUT');
        expect(fieldsOf(answer)).toEqual([field]);
        expect(await snapshot()).toEqual(before);
      });

      it(`refuses ${field} on REST PATCH of oneself with 400 naming it, changing nothing`, async () => {
        const before = await snapshot();
        const answer = await api.rest('PATCH', `/api/users/${user.id}`, { json: { firstName: 'Eve', [field]: value }, token: user.accessToken });
        expectRestError(answer, 400, 'BAD_USER_INPUT');
        expect(fieldsOf(answer)).toEqual([field]);
        expect(await snapshot()).toEqual(before);
      });

      it(`refuses ${field} in GraphQL createUser and updateUser variables with BAD_USER_INPUT, changing nothing`, async () => {
        const before = await snapshot();
        const created = await api.graphql('mutation($input: CreateUserInput!) { createUser(input: $input) { id } }', { input: aSignUp({ [field]: value }) });
        expect(graphqlCodes(created)).toEqual(['BAD_USER_INPUT']);
        expect(fieldsOf(created)).toEqual([field]);
        const updated = await api.graphql(
          'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }',
          { id: user.id, input: { firstName: 'Eve', [field]: value } },
          { token: user.accessToken },
        );
        expect(graphqlCodes(updated)).toEqual(['BAD_USER_INPUT']);
        expect(fieldsOf(updated)).toEqual([field]);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('keeps the old password after a PATCH that tried to set passwordHash', async () => {
      await api.rest('PATCH', `/api/users/${user.id}`, { json: { passwordHash: 'scrypt$1$1$1$AA$AA' }, token: user.accessToken });
      expect((await api.rest('POST', '/api/auth/login', { json: { email: user.email, password: PASSWORD } })).status).toBe(200);
    });
  });
});
