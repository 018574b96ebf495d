import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure, PASSWORD, rejectionOf } from '../use-case-harness.js';
import { actorOf } from '../use-case-harness.js';

describe('update user', () => {
  it('changes only the fields given', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    h.clock.advance(60_000);
    const updated = await h.updateUser.execute(user.id, { firstName: 'Grace' }, actor);
    expect(updated).toEqual({ ...user, firstName: 'Grace', updatedAt: h.clock.now() });
    expect(await h.getUser.execute(user.id, actor)).toEqual(updated);
  });

  it('normalizes the fields it changes like sign-up does', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    const updated = await h.updateUser.execute(user.id, { email: ' New@Example.COM ', firstName: ' Grace ', lastName: ' Hopper\t' }, actor);
    expect(updated).toMatchObject({ email: 'new@example.com', firstName: 'Grace', lastName: 'Hopper' });
  });

  it('moves updatedAt and keeps createdAt', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    h.clock.advance(5 * 60_000);
    const updated = await h.updateUser.execute(user.id, { lastName: 'Byron' }, actor);
    expect(updated.createdAt).toEqual(user.createdAt);
    expect(updated.updatedAt).toEqual(h.clock.now());
    expect(updated.updatedAt.getTime() - user.updatedAt.getTime()).toBe(5 * 60_000);
  });

  it('requires at least one field', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    await expectFailure(h.updateUser.execute(user.id, {}, actor), 'BAD_USER_INPUT', ['input']);
    await expectFailure(h.updateUser.execute(user.id, { email: undefined }, actor), 'BAD_USER_INPUT', ['input']);
  });

  it.each(['email', 'firstName', 'lastName', 'password'])('refuses a null %s, naming it', async (field) => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    await expectFailure(h.updateUser.execute(user.id, { [field]: null } as never, actor), 'BAD_USER_INPUT', [field]);
    expect(await h.store.users.findById(user.id)).toMatchObject({ ...user });
  });

  it.each([
    ['email', 'not-an-email'],
    ['email', `${'a'.repeat(243)}@example.com`],
    ['firstName', '   '],
    ['lastName', 'x'.repeat(101)],
    ['lastName', 'Love\u0000lace'],
    ['password', 'short'],
    ['password', 'p'.repeat(129)],
    ['email', { $ne: '' }],
  ])('applies the sign-up rule to %s = %j', async (field, value) => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    await expectFailure(h.updateUser.execute(user.id, { [field]: value } as never, actor), 'BAD_USER_INPUT', [field]);
  });

  it('reports every bad field together and changes none of them', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    await expectFailure(h.updateUser.execute(user.id, { email: 'x', firstName: '', password: '1' }, actor), 'BAD_USER_INPUT', [
      'email',
      'firstName',
      'password',
    ]);
    expect(await h.getUser.execute(user.id, actor)).toEqual(user);
  });

  it.each([
    ['id', newId()],
    ['createdAt', new Date(0)],
    ['updatedAt', new Date(0)],
    ['passwordHash', 'scrypt$1$1$1$x$y'],
  ])('rejects the unknown field %s as invalid input and stores nothing, even for an ADMIN', async (field, value) => {
    const h = createHarness();
    const { user } = await h.aUser();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    const before = await h.store.users.findById(user.id);
    await expectFailure(h.updateUser.execute(user.id, { firstName: 'Eve', [field]: value } as never, admin), 'BAD_USER_INPUT', [field]);
    expect(await h.store.users.findById(user.id)).toEqual(before);
  });

  it('refuses a role change by the user itself as FORBIDDEN and stores nothing', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    const error = await rejectionOf(h.updateUser.execute(user.id, { role: 'ADMIN', firstName: 'Eve' }, actor));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(await h.getUser.execute(user.id, actor)).toEqual(user);
  });

  it.each([
    ['an ADMIN', 'admin'],
    ['the operator', 'operator'],
  ] as const)('lets %s change a role', async (_, who) => {
    const h = createHarness();
    const { user } = await h.aUser();
    const actor = who === 'admin' ? (await h.aUser({ role: 'ADMIN' })).actor : OPERATOR;
    expect((await h.updateUser.execute(user.id, { role: 'ADMIN' }, actor)).role).toBe('ADMIN');
    expect((await h.updateUser.execute(user.id, { role: 'USER' }, actor)).role).toBe('USER');
  });

  it('refuses an unknown role, even from an ADMIN', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    await expectFailure(h.updateUser.execute(user.id, { role: 'SUPERUSER' as never }, OPERATOR), 'BAD_USER_INPUT', ['role']);
  });

  describe('who may update', () => {
    it('requires an actor', async () => {
      const h = createHarness();
      const { user } = await h.aUser();
      expect(await rejectionOf(h.updateUser.execute(user.id, { firstName: 'Eve' }, null))).toBeInstanceOf(UnauthenticatedError);
    });

    it('refuses another USER as FORBIDDEN and changes nothing', async () => {
      const h = createHarness();
      const { user } = await h.aUser();
      const { actor: other } = await h.aUser();
      await expectFailure(h.updateUser.execute(user.id, { firstName: 'Mallory' }, other), 'FORBIDDEN');
      expect(await h.getUser.execute(user.id, other)).toEqual(user);
    });

    it('answers a USER NOT_FOUND for an unknown or malformed id, as the contract says for every caller', async () => {
      const h = createHarness();
      const { actor } = await h.aUser();
      await expectFailure(h.updateUser.execute(newId(), { firstName: 'Mallory' }, actor), 'NOT_FOUND');
      await expectFailure(h.updateUser.execute('not-an-id', { firstName: 'Mallory' }, actor), 'NOT_FOUND');
    });

    it('refuses an anonymous caller as UNAUTHENTICATED even for an unknown id', async () => {
      const h = createHarness();
      await expectFailure(h.updateUser.execute(newId(), { firstName: 'Mallory' }, null), 'UNAUTHENTICATED');
    });

    it('lets an ADMIN update another user', async () => {
      const h = createHarness();
      const { user } = await h.aUser();
      const { actor: admin } = await h.aUser({ role: 'ADMIN' });
      expect((await h.updateUser.execute(user.id, { firstName: 'Edited' }, admin)).firstName).toBe('Edited');
    });

    it('lets the operator update any user', async () => {
      const h = createHarness();
      const { user } = await h.aUser();
      expect((await h.updateUser.execute(user.id, { lastName: 'Edited' }, OPERATOR)).lastName).toBe('Edited');
    });
  });

  it.each([
    ['a well-formed id no user has', newId()],
    ['a malformed id', 'not-an-id'],
    ['an empty id', ''],
  ])('answers NOT_FOUND to an ADMIN for %s', async (_, id) => {
    const h = createHarness();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    expect(await rejectionOf(h.updateUser.execute(id, { firstName: 'Ghost' }, admin))).toBeInstanceOf(NotFoundError);
    expect(await h.store.users.count()).toBe(1);
  });

  it('refuses an email another user has, in any case, as CONFLICT and changes nothing', async () => {
    const h = createHarness();
    await h.aUser({ email: 'taken@example.com' });
    const { user, actor } = await h.aUser();
    h.clock.advance(1000);
    const error = await rejectionOf(h.updateUser.execute(user.id, { email: 'TAKEN@example.com', firstName: 'Changed' }, actor));
    expect(error).toBeInstanceOf(ConflictError);
    expect(await h.getUser.execute(user.id, actor)).toEqual(user);
  });

  it('accepts the email the user already has', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    expect((await h.updateUser.execute(user.id, { email: user.email.toUpperCase() }, actor)).email).toBe(user.email);
  });

  it('lets the user log in with a new password, and no longer with the old one', async () => {
    const h = createHarness();
    const { user, actor, input } = await h.aUser();
    const newPassword = 'a brand new passphrase';
    const updated = await h.updateUser.execute(user.id, { password: newPassword }, actor);
    expect(JSON.stringify(updated)).not.toContain(newPassword);
    await expectFailure(h.login.execute({ email: input.email, password: PASSWORD }), 'UNAUTHENTICATED');
    expect((await h.login.execute({ email: input.email, password: newPassword })).user.id).toBe(user.id);
  });

  it('ends every session of the user at once when the password changes: access and refresh tokens', async () => {
    const h = createHarness();
    const { user, input } = await h.aUser();
    const session = await h.login.execute({ email: input.email, password: PASSWORD });
    const rotated = await h.refreshSession.execute((await h.login.execute({ email: input.email, password: PASSWORD })).refreshToken);
    await h.updateUser.execute(user.id, { password: 'a brand new passphrase' }, actorOf(user));
    for (const token of [session.accessToken, rotated.accessToken]) await expectFailure(h.authenticate.execute(token), 'UNAUTHENTICATED');
    for (const token of [session.refreshToken, rotated.refreshToken]) await expectFailure(h.refreshSession.execute(token), 'UNAUTHENTICATED');
  });

  it('ends the sessions also when an ADMIN or the operator sets the password', async () => {
    const h = createHarness();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    for (const asker of [admin, OPERATOR]) {
      const { user, session } = await h.aSession();
      await h.updateUser.execute(user.id, { password: 'a brand new passphrase' }, asker);
      await expectFailure(h.authenticate.execute(session.accessToken), 'UNAUTHENTICATED');
    }
  });

  it('keeps the sessions of the user when other fields change', async () => {
    const h = createHarness();
    const { user, input } = await h.aUser();
    const session = await h.login.execute({ email: input.email, password: PASSWORD });
    await h.updateUser.execute(user.id, { firstName: 'Grace', email: 'grace@example.com' }, actorOf(user));
    await expect(h.authenticate.execute(session.accessToken)).resolves.toMatchObject({ user: { firstName: 'Grace' } });
    await expect(h.refreshSession.execute(session.refreshToken)).resolves.toMatchObject({ user: { firstName: 'Grace' } });
  });

  it('keeps the sessions of the user when an operator changes its role', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    await h.updateUser.execute(user.id, { role: 'ADMIN' }, OPERATOR);
    await expect(h.authenticate.execute(session.accessToken)).resolves.toMatchObject({ actor: { role: 'ADMIN' } });
    await expect(h.refreshSession.execute(session.refreshToken)).resolves.toMatchObject({ user: { role: 'ADMIN' } });
  });

  it('stores a new hash, not the new password', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    const before = (await h.store.users.findById(user.id))!.passwordHash;
    await h.updateUser.execute(user.id, { password: 'another passphrase' }, actor);
    const after = (await h.store.users.findById(user.id))!.passwordHash;
    expect(after).not.toBe(before);
    expect(after).not.toContain('another passphrase');
  });
});
