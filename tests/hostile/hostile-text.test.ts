/**
 * Text that displays as something other than what it is: control characters,
 * bidirectional overrides, line separators (CONTRACT.md: names have "no
 * control characters"). Refused with BAD_USER_INPUT naming the field, on both
 * transports, for sign-up and update alike. And bytes that a store cannot hold.
 */
import { beforeEach, expect, it } from 'vitest';
import { aSignUp, aStoredUser, describeHostile, expectRestError, fieldsOf, graphqlCodes, PASSWORD, useHostileServer } from './support/hostile-client.js';

/** Each in the middle of a name, where trimming cannot remove it. */
const HOSTILE_CHARACTERS: [string, string][] = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['an ANSI colour escape', '\u001b[31m'],
  ['a tab', '\t'],
  ['a newline', '\n'],
  ['a carriage return', '\r'],
  ['DEL', '\u007f'],
  ['NEL (U+0085)', '\u0085'],
  ['LEFT-TO-RIGHT OVERRIDE (U+202D)', '\u202d'],
  ['RIGHT-TO-LEFT OVERRIDE (U+202E)', '\u202e'],
  ['RIGHT-TO-LEFT EMBEDDING (U+202B)', '\u202b'],
  ['LEFT-TO-RIGHT ISOLATE (U+2066)', '\u2066'],
  ['POP DIRECTIONAL ISOLATE (U+2069)', '\u2069'],
  ['LINE SEPARATOR (U+2028)', '\u2028'],
  ['PARAGRAPH SEPARATOR (U+2029)', '\u2029'],
];

const CREATE = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }';
const LOGIN = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

describeHostile('hostile text in names', (fixture) => {
  const api = useHostileServer(fixture);
  let user: Awaited<ReturnType<typeof aStoredUser>>;
  beforeEach(async () => {
    user = await aStoredUser(fixture);
  });

  for (const [what, character] of HOSTILE_CHARACTERS) {
    it(`refuses ${what} in a name with BAD_USER_INPUT naming the field, on sign-up and update, REST and GraphQL`, async () => {
      const before = { count: await api.userCount(), user: await api.stored(user.id) };
      const name = `Ada${character}Lovelace`;

      const restSignUp = await api.rest('POST', '/api/users', { json: aSignUp({ firstName: name }) });
      expectRestError(restSignUp, 400, 'BAD_USER_INPUT');
      expect(fieldsOf(restSignUp)).toEqual(['firstName']);

      const restPatch = await api.rest('PATCH', `/api/users/${user.id}`, { json: { lastName: name }, token: user.accessToken });
      expectRestError(restPatch, 400, 'BAD_USER_INPUT');
      expect(fieldsOf(restPatch)).toEqual(['lastName']);

      const graphqlSignUp = await api.graphql(CREATE, { input: aSignUp({ lastName: name }) });
      expect(graphqlCodes(graphqlSignUp)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(graphqlSignUp)).toEqual(['lastName']);

      const graphqlUpdate = await api.graphql(UPDATE, { id: user.id, input: { firstName: name } }, { token: user.accessToken });
      expect(graphqlCodes(graphqlUpdate)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(graphqlUpdate)).toEqual(['firstName']);

      expect({ count: await api.userCount(), user: await api.stored(user.id) }).toEqual(before);
    });
  }

  it('refuses a bidi override in an email with BAD_USER_INPUT naming email, on both transports', async () => {
    const before = await api.userCount();
    const email = `evil\u202emoc.elpmaxe-${Date.now()}@example.com`;
    const rest = await api.rest('POST', '/api/users', { json: aSignUp({ email }) });
    expectRestError(rest, 400, 'BAD_USER_INPUT');
    expect(fieldsOf(rest)).toEqual(['email']);
    const graphql = await api.graphql(CREATE, { input: aSignUp({ email }) });
    expect(fieldsOf(graphql)).toEqual(['email']);
    expect(await api.userCount()).toBe(before);
  });

  // PostgreSQL refuses a NUL byte in text (22021): login must not hand such an email to the store.
  it('refuses a NUL byte in the login email as a wrong login (401), never a 500, REST and GraphQL', async () => {
    const email = user.email.replace('@', '\u0000@');
    expectRestError(await api.rest('POST', '/api/auth/login', { json: { email, password: PASSWORD } }), 401, 'UNAUTHENTICATED');
    expect(graphqlCodes(await api.graphql(LOGIN, { email, password: PASSWORD }))).toEqual(['UNAUTHENTICATED']);
  });

  // PostgreSQL and MongoDB would keep U+FFFD in place of a lone UTF-16 surrogate, memory the surrogate:
  // the same sign-up would read back differently by store, so the rules refuse it everywhere.
  it('refuses a lone surrogate in a name, naming the field, and stores nothing', async () => {
    const before = await api.userCount();
    const answer = await api.rest('POST', '/api/users', { json: aSignUp({ firstName: 'Ada\ud800' }) });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual(['firstName']);
    expect(await api.userCount()).toBe(before);
  });
});
