import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../src/core/shared/errors.js';
import { ScryptPasswordHasher } from '../../../src/data/security/scrypt-password-hasher.js';
import { aSignUp, createHarness, expectFailure, FAST_SCRYPT, PASSWORD, rejectionOf, T0, UUID_V7 } from '../use-case-harness.js';

describe('create user', () => {
  it('lower-cases and trims the email and trims the names', async () => {
    const { createUser } = createHarness();
    const user = await createUser.execute(aSignUp({ email: '  Ada.Lovelace@Example.COM \t', firstName: '  Ada ', lastName: '\nLovelace  ' }));
    expect(user).toMatchObject({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('makes a USER with createdAt and updatedAt set to now', async () => {
    const { createUser } = createHarness();
    const user = await createUser.execute(aSignUp());
    expect(user.role).toBe('USER');
    expect(user.createdAt).toEqual(T0);
    expect(user.updatedAt).toEqual(T0);
  });

  it('returns exactly the public user fields, never the password or its hash', async () => {
    const { createUser } = createHarness();
    const user = await createUser.execute(aSignUp());
    expect(Object.keys(user).sort()).toEqual(['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt']);
    expect(JSON.stringify(user)).not.toContain(PASSWORD);
  });

  it('gives the user a UUIDv7 id that carries its creation time', async () => {
    const { createUser } = createHarness();
    const user = await createUser.execute(aSignUp());
    expect(user.id).toMatch(UUID_V7);
    expect(parseInt(user.id.replace(/-/g, '').slice(0, 12), 16)).toBe(T0.getTime());
  });

  it('gives every user a different id, even at the same instant', async () => {
    const { createUser } = createHarness();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createUser.execute(aSignUp())).id);
    expect(ids.size).toBe(5);
  });

  it('stores the user so that it can be read back', async () => {
    const { createUser, getUser } = createHarness();
    const user = await createUser.execute(aSignUp());
    expect(await getUser.execute(user.id, OPERATOR)).toEqual(user);
  });

  it('stores a salted scrypt hash that is not the password and verifies against it', async () => {
    const { createUser, store } = createHarness();
    const user = await createUser.execute(aSignUp());
    const { passwordHash } = (await store.users.findById(user.id))!;
    expect(passwordHash).not.toContain(PASSWORD);
    expect(passwordHash).toMatch(/^scrypt\$/);
    const hasher = new ScryptPasswordHasher(FAST_SCRYPT);
    expect(await hasher.verify(PASSWORD, passwordHash)).toBe(true);
    expect(await hasher.verify(`${PASSWORD}!`, passwordHash)).toBe(false);
  });

  describe('email rule', () => {
    it.each([
      ['without an @', 'ada.example.com'],
      ['without a domain dot', 'ada@example'],
      ['with two @', 'ada@@example.com'],
      ['with inner whitespace', 'ada lovelace@example.com'],
      ['with a control character', 'ada\u0000@example.com'],
      ['empty', ''],
      ['only whitespace', '   '],
    ])('refuses an address %s, naming the email field', async (_, email) => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(aSignUp({ email })), 'BAD_USER_INPUT', ['email']);
    });

    it('accepts 254 characters and refuses 255', async () => {
      const { createUser } = createHarness();
      const domain = '@example.com';
      const longest = `${'a'.repeat(254 - domain.length)}${domain}`;
      expect((await createUser.execute(aSignUp({ email: longest }))).email).toBe(longest);
      await expectFailure(createUser.execute(aSignUp({ email: `b${longest}` })), 'BAD_USER_INPUT', ['email']);
    });

    it('counts the length after trimming', async () => {
      const { createUser } = createHarness();
      const email = `${'a'.repeat(242)}@example.com`;
      expect((await createUser.execute(aSignUp({ email: `   ${email}   ` }))).email).toBe(email);
    });
  });

  describe.each(['firstName', 'lastName'] as const)('%s rule', (field) => {
    it.each([
      ['empty', ''],
      ['only whitespace', ' \t  '],
      ['101 characters', 'x'.repeat(101)],
      ['a NUL character', 'Ada\u0000'],
      ['an inner newline', 'Ada\nLovelace'],
      ['an escape character', 'Ada\u001b[31m'],
      ['a C1 control character', 'Ada\u0085x'],
      ['a right-to-left override', 'Ada\u202Eecalevol'],
      ['a line separator', 'Ada\u2028Lovelace'],
      ['a lone UTF-16 surrogate', 'Ada\ud800'],
    ])(`refuses ${field} with %s, naming that field`, async (_, value) => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(aSignUp({ [field]: value })), 'BAD_USER_INPUT', [field]);
    });

    it(`accepts ${field} of 1 and of 100 characters, counted in characters not UTF-16 units`, async () => {
      const { createUser } = createHarness();
      expect((await createUser.execute(aSignUp({ [field]: 'X' })))[field]).toBe('X');
      expect((await createUser.execute(aSignUp({ [field]: '😀'.repeat(100) })))[field]).toBe('😀'.repeat(100));
    });
  });

  describe('password rule', () => {
    it('refuses 7 characters and accepts 8', async () => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(aSignUp({ password: '1234567' })), 'BAD_USER_INPUT', ['password']);
      await expect(createUser.execute(aSignUp({ password: '12345678' }))).resolves.toMatchObject({ role: 'USER' });
    });

    it('accepts 128 characters and refuses 129', async () => {
      const { createUser } = createHarness();
      await expect(createUser.execute(aSignUp({ password: 'p'.repeat(128) }))).resolves.toMatchObject({ role: 'USER' });
      await expectFailure(createUser.execute(aSignUp({ password: 'p'.repeat(129) })), 'BAD_USER_INPUT', ['password']);
    });

    it('does not trim the password before counting', async () => {
      const { createUser } = createHarness();
      await expect(createUser.execute(aSignUp({ password: '   short' }))).resolves.toMatchObject({ role: 'USER' });
    });
  });

  describe('values that are not strings', () => {
    it.each([
      ['email', { $ne: '' }],
      ['email', 42],
      ['firstName', { $gt: '' }],
      ['firstName', 7],
      ['lastName', null],
      ['lastName', ['Lovelace']],
      ['password', { $ne: '' }],
      ['password', 12_345_678],
    ])('refuses %s = %j, naming that field', async (field, value) => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(aSignUp({ [field]: value as never })), 'BAD_USER_INPUT', [field]);
    });

    it.each([null, 'a string', ['an', 'array'], 42])('refuses input %j that is not an object', async (input) => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(input as never), 'BAD_USER_INPUT');
    });
  });

  it('reports every bad field in one error', async () => {
    const { createUser } = createHarness();
    const input = { email: 'nope', firstName: '', lastName: 'x'.repeat(101), password: 'short' };
    await expectFailure(createUser.execute(input), 'BAD_USER_INPUT', ['email', 'firstName', 'lastName', 'password']);
  });

  it('reports every missing field', async () => {
    const { createUser } = createHarness();
    await expectFailure(createUser.execute({} as never), 'BAD_USER_INPUT', ['email', 'firstName', 'lastName', 'password']);
  });

  it.each(['id', 'createdAt', 'updatedAt', 'passwordHash', 'isAdmin'])('rejects the unknown field %s and stores nothing', async (field) => {
    const { createUser, store } = createHarness();
    const value = field === 'createdAt' || field === 'updatedAt' ? new Date(0) : 'injected';
    await expectFailure(createUser.execute({ ...aSignUp(), [field]: value } as never, OPERATOR), 'BAD_USER_INPUT', [field]);
    expect(await store.users.count()).toBe(0);
  });

  it('stores nothing and hashes nothing when validation fails', async () => {
    const { createUser, store, hasher } = createHarness();
    await expectFailure(createUser.execute(aSignUp({ email: 'nope' })), 'BAD_USER_INPUT', ['email']);
    expect(await store.users.count()).toBe(0);
    expect(hasher.calls.hash).toBe(0);
  });

  describe('role', () => {
    it('is refused as FORBIDDEN in an anonymous sign-up, and nothing is stored', async () => {
      const { createUser, store } = createHarness();
      const error = await rejectionOf(createUser.execute(aSignUp({ role: 'ADMIN' })));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(await store.users.count()).toBe(0);
    });

    it('is refused as FORBIDDEN for a USER, even when asking for USER', async () => {
      const h = createHarness();
      const { actor } = await h.aUser();
      await expectFailure(h.createUser.execute(aSignUp({ role: 'ADMIN' }), actor), 'FORBIDDEN');
      await expectFailure(h.createUser.execute(aSignUp({ role: 'USER' }), actor), 'FORBIDDEN');
      expect(await h.store.users.count()).toBe(1);
    });

    it('may be chosen by the operator', async () => {
      const { createUser } = createHarness();
      expect((await createUser.execute(aSignUp({ role: 'ADMIN' }), OPERATOR)).role).toBe('ADMIN');
    });

    it('may be chosen by an ADMIN', async () => {
      const h = createHarness();
      const { actor } = await h.aUser({ role: 'ADMIN' });
      expect((await h.createUser.execute(aSignUp({ role: 'ADMIN' }), actor)).role).toBe('ADMIN');
      expect((await h.createUser.execute(aSignUp({ role: 'USER' }), actor)).role).toBe('USER');
    });

    it('must be a known role', async () => {
      const { createUser } = createHarness();
      await expectFailure(createUser.execute(aSignUp({ role: 'ROOT' as never }), OPERATOR), 'BAD_USER_INPUT', ['role']);
    });

    it('defaults to USER when a signed-in user signs someone up without a role', async () => {
      const h = createHarness();
      const { actor } = await h.aUser({ role: 'ADMIN' });
      expect((await h.createUser.execute(aSignUp(), actor)).role).toBe('USER');
    });
  });

  describe('duplicate email', () => {
    it('is a CONFLICT when only the case and surrounding spaces differ, and nothing is added', async () => {
      const { createUser, store } = createHarness();
      await createUser.execute(aSignUp({ email: 'grace@example.com' }));
      const error = await rejectionOf(createUser.execute(aSignUp({ email: '  GRACE@Example.com ' })));
      expect(error).toBeInstanceOf(ConflictError);
      expect(await store.users.count()).toBe(1);
    });

    it('lets exactly one of several concurrent sign-ups with one email win', async () => {
      const { createUser, store } = createHarness();
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => createUser.execute(aSignUp({ email: 'race@example.com' }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      }
      expect(await store.users.count()).toBe(1);
    });
  });

  describe('the password is never echoed', () => {
    const secret = 'Sup3r-Secret-Passw0rd';
    const leaks = (error: unknown, password: string) => {
      const { message, fields } = error as ValidationError;
      return [message, JSON.stringify(error), JSON.stringify(fields ?? [])].some((text) => text.includes(password));
    };

    it('in a validation error about the password', async () => {
      const { createUser } = createHarness();
      const tooLong = `${secret}${'x'.repeat(120)}`;
      const error = await expectFailure(createUser.execute(aSignUp({ password: tooLong })), 'BAD_USER_INPUT', ['password']);
      expect(leaks(error, tooLong)).toBe(false);
      expect(leaks(error, secret)).toBe(false);
    });

    it('in a validation error about other fields', async () => {
      const { createUser } = createHarness();
      const error = await expectFailure(createUser.execute(aSignUp({ email: 'nope', password: secret })), 'BAD_USER_INPUT', ['email']);
      expect(leaks(error, secret)).toBe(false);
    });

    it('in a conflict or a refusal', async () => {
      const { createUser } = createHarness();
      await createUser.execute(aSignUp({ email: 'taken@example.com', password: secret }));
      const conflict = await rejectionOf(createUser.execute(aSignUp({ email: 'taken@example.com', password: secret })));
      const forbidden = await rejectionOf(createUser.execute(aSignUp({ role: 'ADMIN', password: secret })));
      expect(leaks(conflict, secret)).toBe(false);
      expect(leaks(forbidden, secret)).toBe(false);
    });
  });
});
