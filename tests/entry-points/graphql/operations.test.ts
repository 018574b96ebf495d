/**
 * Every query and mutation of the contract, through Apollo's executeOperation
 * over the real use cases and the memory store: each success, and each error
 * code the operation can produce.
 */
import type { ResultOf } from '@graphql-typed-document-node/core';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import {
  CREATE_USER,
  DELETE_USER,
  LOGIN,
  LOGOUT,
  LOGOUT_ALL,
  ME,
  newUser,
  PASSWORD,
  REFRESH,
  UPDATE_USER,
  USER_BY_ID,
  USERS,
} from './documents.js';
import { codeOf, createHarness, type Harness, onlyError, type Result } from './harness.js';

const store = createMemoryStore();
let h: Harness;

beforeAll(async () => {
  h = await createHarness(store);
});
beforeEach(() => store.clear());

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('createUser', () => {
  it('registers a user with role USER, email lower-cased, dates as ISO-8601 UTC', async () => {
    const result = await h.run(CREATE_USER, { input: newUser(1, { email: '  Ada@Example.COM ' }) });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createUser).toMatchObject({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'USER' });
    expect(result.data!.createUser.createdAt).toMatch(ISO_UTC);
    expect(result.data!.createUser.updatedAt).toMatch(ISO_UTC);
  });

  it('refuses invalid fields with BAD_USER_INPUT listing each field, without echoing the password', async () => {
    const result = await h.run(CREATE_USER, { input: newUser(1, { email: 'not-an-email', firstName: ' ', password: 'short1' }) });
    const error = onlyError(result);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect((error.extensions?.fields as { field: string }[]).map(({ field }) => field).sort()).toEqual(['email', 'firstName', 'password']);
    expect(JSON.stringify(result)).not.toContain('short1');
  });

  it('refuses an email already registered, in any case, with CONFLICT', async () => {
    await h.signUp(1);
    const result = await h.run(CREATE_USER, { input: newUser(2, { email: 'USER1@example.com' }) });
    expect(codeOf(result)).toBe('CONFLICT');
    expect(result.data).toBeNull();
  });

  it('refuses a role in the input, so sign-up can never make an ADMIN', async () => {
    const result = await h.run(CREATE_USER, { input: newUser(1, { role: 'ADMIN' }) });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(await store.users.count()).toBe(0);
  });
});

describe('login', () => {
  it('exchanges credentials for a token pair and the user', async () => {
    const user = await h.signUp(1);
    const result = await h.run(LOGIN, { email: 'USER1@example.com ', password: PASSWORD });
    expect(result.errors).toBeUndefined();
    expect(result.data!.login).toMatchObject({ expiresIn: 900, user });
    expect(result.data!.login.accessToken).toEqual(expect.any(String));
    expect(result.data!.login.refreshToken).toEqual(expect.any(String));
  });

  it('fails a wrong password and an unknown email alike with UNAUTHENTICATED', async () => {
    await h.signUp(1);
    const wrongPassword = onlyError(await h.run(LOGIN, { email: 'user1@example.com', password: 'wrong password' }));
    const unknownEmail = onlyError(await h.run(LOGIN, { email: 'nobody@example.com', password: PASSWORD }));
    expect(wrongPassword.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknownEmail).toEqual(wrongPassword);
    expect(JSON.stringify(wrongPassword)).not.toContain('wrong password');
  });

  it('refuses an over-long password with BAD_USER_INPUT before hashing it', async () => {
    const long = 'p'.repeat(129);
    const result = await h.run(LOGIN, { email: 'user1@example.com', password: long });
    expect(onlyError(result).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'password', message: expect.any(String) }] });
    expect(JSON.stringify(result)).not.toContain(long);
  });
});

describe('refreshToken', () => {
  it('issues a new pair, after which the old refresh token is refused with UNAUTHENTICATED', async () => {
    const user = await h.signUp(1);
    const session = await h.signIn(user.email);
    const rotated = await h.run(REFRESH, { token: session.refreshToken });
    expect(rotated.errors).toBeUndefined();
    expect(rotated.data!.refreshToken.user).toEqual(user);
    expect(rotated.data!.refreshToken.refreshToken).not.toBe(session.refreshToken);
    expect(codeOf(await h.run(REFRESH, { token: session.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown refresh token with UNAUTHENTICATED', async () => {
    expect(codeOf(await h.run(REFRESH, { token: 'no-such-token' }))).toBe('UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('returns true and revokes the refresh token', async () => {
    const session = await h.signIn((await h.signUp(1)).email);
    expect(await h.run(LOGOUT, { token: session.refreshToken })).toEqual({ data: { logout: true } });
    expect(codeOf(await h.run(REFRESH, { token: session.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('returns true for an unknown token too, revealing nothing', async () => {
    expect(await h.run(LOGOUT, { token: 'no-such-token' })).toEqual({ data: { logout: true } });
  });
});

describe('logoutAll', () => {
  it("returns true and ends every session of the caller at once: its access and refresh tokens", async () => {
    const user = await h.signUp(1);
    const first = await h.signIn(user.email);
    const second = await h.signIn(user.email);
    expect(await h.run(ME, {}, { token: second.accessToken })).toEqual({ data: { me: user } });
    expect(await h.run(LOGOUT_ALL, {}, { token: first.accessToken })).toEqual({ data: { logoutAll: true } });
    for (const { accessToken, refreshToken } of [first, second]) {
      expect(await h.run(ME, {}, { token: accessToken })).toEqual({ data: { me: null } });
      expect(codeOf(await h.run(USER_BY_ID, { id: user.id }, { token: accessToken }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await h.run(REFRESH, { token: refreshToken }))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await h.run(LOGOUT_ALL, {}, { token: first.accessToken }))).toBe('UNAUTHENTICATED');
  });

  it('lets the caller log in again afterwards', async () => {
    const user = await h.signUp(1);
    const before = await h.signIn(user.email);
    await h.run(LOGOUT_ALL, {}, { token: before.accessToken });
    const after = await h.signIn(user.email);
    // The stored user changed (its token version), so updatedAt moved; nothing else did.
    expect((await h.run(ME, {}, { token: after.accessToken })).data?.me).toEqual({ ...user, updatedAt: expect.any(String) });
    expect((await h.run(REFRESH, { token: after.refreshToken })).errors).toBeUndefined();
  });

  it("leaves other users' sessions alone", async () => {
    const caller = await h.signIn((await h.signUp(1)).email);
    const other = await h.signIn((await h.signUp(2)).email);
    await h.run(LOGOUT_ALL, {}, { token: caller.accessToken });
    expect(await h.run(ME, {}, { token: other.accessToken })).toEqual({ data: { me: other.user } });
  });

  it('refuses a request without a token, or with a bad one, with UNAUTHENTICATED', async () => {
    expect(await h.run(LOGOUT_ALL)).toMatchObject({ data: null });
    expect(codeOf(await h.run(LOGOUT_ALL))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.run(LOGOUT_ALL, {}, { token: 'not.a.jwt' }))).toBe('UNAUTHENTICATED');
  });
});

describe('updateUser and the sessions', () => {
  it("ends every session of the user at once when its password changes; the new password logs in", async () => {
    const user = await h.signUp(1);
    const session = await h.signIn(user.email);
    const changed = await h.run(UPDATE_USER, { id: user.id, input: { password: 'a brand new passphrase' } }, { token: session.accessToken });
    expect(changed.errors).toBeUndefined();
    expect(await h.run(ME, {}, { token: session.accessToken })).toEqual({ data: { me: null } });
    expect(codeOf(await h.run(REFRESH, { token: session.refreshToken }))).toBe('UNAUTHENTICATED');
    const fresh = await h.signIn(user.email, 'a brand new passphrase');
    expect((await h.run(ME, {}, { token: fresh.accessToken })).data?.me?.id).toBe(user.id);
  });
});

describe('me', () => {
  it('is the caller when the request carries a valid access token', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    expect(await h.run(ME, {}, { token: accessToken })).toEqual({ data: { me: user } });
  });

  it('is null without a token', async () => {
    expect(await h.run(ME)).toEqual({ data: { me: null } });
  });

  it('is null with an invalid token or a header that is not a bearer token', async () => {
    expect(await h.run(ME, {}, { token: 'not.a.jwt' })).toEqual({ data: { me: null } });
    expect(await h.run(ME, {}, { authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ data: { me: null } });
  });

  it('is null once the caller has been deleted', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    await h.run(DELETE_USER, { id: user.id }, { token: accessToken });
    expect(await h.run(ME, {}, { token: accessToken })).toEqual({ data: { me: null } });
  });
});

describe('user', () => {
  it('returns a user by id to an authenticated caller', async () => {
    const other = await h.signUp(1);
    const { accessToken } = await h.signIn((await h.signUp(2)).email);
    expect(await h.run(USER_BY_ID, { id: other.id }, { token: accessToken })).toEqual({ data: { user: other } });
  });

  it('is null for an unknown id and for a malformed one', async () => {
    const { accessToken } = await h.signIn((await h.signUp(1)).email);
    for (const id of [newId(), 'nope', "' OR 1=1 --", '507f1f77bcf86cd799439011']) {
      expect(await h.run(USER_BY_ID, { id }, { token: accessToken })).toEqual({ data: { user: null } });
    }
  });

  it('is refused with UNAUTHENTICATED without a token', async () => {
    const user = await h.signUp(1);
    const result = await h.run(USER_BY_ID, { id: user.id });
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toEqual({ user: null });
  });

  it('is refused with UNAUTHENTICATED for an invalid token', async () => {
    const user = await h.signUp(1);
    expect(codeOf(await h.run(USER_BY_ID, { id: user.id }, { token: 'forged' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.run(USER_BY_ID, { id: user.id }, { authorization: 'Bearer' }))).toBe('UNAUTHENTICATED');
  });
});

describe('users', () => {
  it('pages through every user oldest first, following endCursor until hasNextPage is false', async () => {
    const created = [];
    for (let n = 1; n <= 5; n++) created.push(await h.signUp(n));
    const { accessToken } = await h.signIn(created[0]!.email);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      // Annotated because `after` is reassigned from this result further down the loop.
      const result: Result<ResultOf<typeof USERS>> = await h.run(USERS, { first: 2, after }, { token: accessToken });
      expect(result.errors).toBeUndefined();
      const { edges, pageInfo, totalCount } = result.data!.users;
      expect(totalCount).toBe(5);
      seen.push(...edges.map((edge) => edge.node.id));
      expect(pageInfo.endCursor).toBe(edges.at(-1)!.cursor);
      if (!pageInfo.hasNextPage) {
        expect(pages).toBe(3);
        break;
      }
      after = pageInfo.endCursor;
    }
    expect(seen).toEqual(created.map((user) => user.id));
  });

  it('returns 20 users when first is omitted or null', async () => {
    for (let n = 1; n <= 21; n++) await h.useCases.createUser.execute(newUser(n));
    const { accessToken } = await h.signIn('user1@example.com');
    for (const variables of [{}, { first: null }]) {
      const { data } = await h.run(USERS, variables, { token: accessToken });
      expect(data!.users.edges).toHaveLength(20);
      expect(data!.users.pageInfo.hasNextPage).toBe(true);
    }
  });

  it('has a null endCursor on an empty page', async () => {
    const { accessToken } = await h.signIn((await h.signUp(1)).email);
    const first = await h.run(USERS, {}, { token: accessToken });
    const last = await h.run(USERS, { after: first.data!.users.pageInfo.endCursor }, { token: accessToken });
    expect(last.data!.users).toEqual({ totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it('refuses first outside 1 to 100 with BAD_USER_INPUT on field first', async () => {
    const { accessToken } = await h.signIn((await h.signUp(1)).email);
    for (const first of [0, -1, 101]) {
      const error = onlyError(await h.run(USERS, { first }, { token: accessToken }));
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'first', message: expect.any(String) }] });
    }
  });

  it('refuses a cursor it did not make with BAD_USER_INPUT on field after', async () => {
    const { accessToken } = await h.signIn((await h.signUp(1)).email);
    const error = onlyError(await h.run(USERS, { after: 'not a cursor' }, { token: accessToken }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'after', message: expect.any(String) }] });
  });

  it('is refused with UNAUTHENTICATED without a token', async () => {
    const result = await h.run(USERS);
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });
});

describe('updateUser', () => {
  it('lets users change their own fields, and a new password works at the next login', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    const input = { firstName: ' Grace ', email: 'Grace@Example.com', password: 'a new password' };
    const result = await h.run(UPDATE_USER, { id: user.id, input }, { token: accessToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateUser).toMatchObject({ id: user.id, firstName: 'Grace', lastName: 'Lovelace', email: 'grace@example.com' });
    expect(await h.signIn('grace@example.com', 'a new password')).toMatchObject({ user: { id: user.id } });
  });

  it('lets an ADMIN change another user', async () => {
    const user = await h.signUp(1);
    const admin = await h.anAdmin();
    const result = await h.run(UPDATE_USER, { id: user.id, input: { lastName: 'Hopper' } }, { token: admin.accessToken });
    expect(result.data!.updateUser).toMatchObject({ id: user.id, lastName: 'Hopper' });
  });

  it('refuses a USER changing someone else with FORBIDDEN', async () => {
    const victim = await h.signUp(1);
    const { accessToken } = await h.signIn((await h.signUp(2)).email);
    const result = await h.run(UPDATE_USER, { id: victim.id, input: { lastName: 'Owned' } }, { token: accessToken });
    expect(codeOf(result)).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const admin = await h.anAdmin();
    for (const id of [newId(), 'nope']) {
      expect(codeOf(await h.run(UPDATE_USER, { id, input: { lastName: 'X' } }, { token: admin.accessToken }))).toBe('NOT_FOUND');
    }
  });

  it('refuses an empty change with BAD_USER_INPUT on field input', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    const error = onlyError(await h.run(UPDATE_USER, { id: user.id, input: {} }, { token: accessToken }));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'input', message: expect.any(String) }] });
  });

  it('refuses invalid or null fields with BAD_USER_INPUT listing them', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    const result = await h.run(UPDATE_USER, { id: user.id, input: { email: 'bad', lastName: null } }, { token: accessToken });
    const fields = onlyError(result).extensions?.fields as { field: string }[];
    expect(fields.map(({ field }) => field).sort()).toEqual(['email', 'lastName']);
  });

  it('refuses a field outside the input, such as role, before any change', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    // @ts-expect-error role is not a field of UpdateUserInput; this test sends it anyway.
    const result = await h.run(UPDATE_USER, { id: user.id, input: { role: 'ADMIN' } }, { token: accessToken });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect((await store.users.findById(user.id))!.role).toBe('USER');
  });

  it('refuses an email another user has with CONFLICT', async () => {
    await h.signUp(1);
    const user = await h.signUp(2);
    const { accessToken } = await h.signIn(user.email);
    const result = await h.run(UPDATE_USER, { id: user.id, input: { email: 'user1@example.com' } }, { token: accessToken });
    expect(codeOf(result)).toBe('CONFLICT');
  });

  it('is refused with UNAUTHENTICATED without a token', async () => {
    const user = await h.signUp(1);
    expect(codeOf(await h.run(UPDATE_USER, { id: user.id, input: { lastName: 'X' } }))).toBe('UNAUTHENTICATED');
  });
});

describe('deleteUser', () => {
  it('lets users delete themselves and returns the id', async () => {
    const user = await h.signUp(1);
    const { accessToken } = await h.signIn(user.email);
    expect(await h.run(DELETE_USER, { id: user.id }, { token: accessToken })).toEqual({ data: { deleteUser: user.id } });
    expect(await store.users.findById(user.id)).toBeNull();
  });

  it('lets an ADMIN delete another user', async () => {
    const user = await h.signUp(1);
    const admin = await h.anAdmin();
    expect(await h.run(DELETE_USER, { id: user.id }, { token: admin.accessToken })).toEqual({ data: { deleteUser: user.id } });
  });

  it('refuses a USER deleting someone else with FORBIDDEN', async () => {
    const victim = await h.signUp(1);
    const { accessToken } = await h.signIn((await h.signUp(2)).email);
    expect(codeOf(await h.run(DELETE_USER, { id: victim.id }, { token: accessToken }))).toBe('FORBIDDEN');
    expect(await store.users.findById(victim.id)).not.toBeNull();
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const admin = await h.anAdmin();
    for (const id of [newId(), 'nope']) {
      expect(codeOf(await h.run(DELETE_USER, { id }, { token: admin.accessToken }))).toBe('NOT_FOUND');
    }
  });

  it('is refused with UNAUTHENTICATED without a token', async () => {
    const user = await h.signUp(1);
    expect(codeOf(await h.run(DELETE_USER, { id: user.id }))).toBe('UNAUTHENTICATED');
  });
});
