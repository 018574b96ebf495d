import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { NotFoundError, UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { aSignUp, createHarness, expectFailure, rejectionOf } from '../use-case-harness.js';

describe('delete user', () => {
  it('lets a user delete itself, and returns the id', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    expect(await h.deleteUser.execute(user.id, actor)).toBe(user.id);
    expect(await h.getUser.execute(user.id, OPERATOR)).toBeNull();
  });

  it('lets an ADMIN delete another user', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    expect(await h.deleteUser.execute(user.id, admin)).toBe(user.id);
    expect(await h.store.users.count()).toBe(1);
  });

  it('lets the operator delete any user', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    expect(await h.deleteUser.execute(user.id, OPERATOR)).toBe(user.id);
    expect(await h.store.users.count()).toBe(0);
  });

  it('requires an actor', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    expect(await rejectionOf(h.deleteUser.execute(user.id, null))).toBeInstanceOf(UnauthenticatedError);
    expect(await h.store.users.count()).toBe(1);
  });

  it('refuses another USER as FORBIDDEN and keeps the user', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    const { actor: other } = await h.aUser();
    await expectFailure(h.deleteUser.execute(user.id, other), 'FORBIDDEN');
    expect(await h.getUser.execute(user.id, other)).toEqual(user);
  });

  it('answers a USER NOT_FOUND for an id no user has, as the contract says for every caller', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    await expectFailure(h.deleteUser.execute(newId(), actor), 'NOT_FOUND');
    await expectFailure(h.deleteUser.execute('malformed', actor), 'NOT_FOUND');
  });

  it.each([
    ['a well-formed id no user has', newId()],
    ['a malformed id', "' OR 1=1 --"],
    ['an empty id', ''],
  ])('answers NOT_FOUND for %s', async (_, id) => {
    const h = createHarness();
    await h.aUser();
    expect(await rejectionOf(h.deleteUser.execute(id, OPERATOR))).toBeInstanceOf(NotFoundError);
    expect(await h.store.users.count()).toBe(1);
  });

  it('answers NOT_FOUND the second time', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    await h.deleteUser.execute(user.id, OPERATOR);
    await expectFailure(h.deleteUser.execute(user.id, OPERATOR), 'NOT_FOUND');
  });

  it('frees the email for a new sign-up', async () => {
    const h = createHarness();
    const { user } = await h.aUser({ email: 'reuse@example.com' });
    await h.deleteUser.execute(user.id, OPERATOR);
    const again = await h.createUser.execute(aSignUp({ email: 'reuse@example.com' }));
    expect(again.id).not.toBe(user.id);
  });

  it("ends every session of the deleted user: its refresh tokens stop working", async () => {
    const h = createHarness();
    const { user, input, session } = await h.aSession();
    const second = await h.login.execute({ email: input.email, password: input.password });
    await h.deleteUser.execute(user.id, OPERATOR);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
    await expectFailure(h.refreshSession.execute(second.refreshToken), 'UNAUTHENTICATED');
  });

  it("removes the deleted user's refresh tokens from the store", async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    await h.deleteUser.execute(user.id, OPERATOR);
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken))).toBeNull();
  });

  it("makes the deleted user's access token fail to authenticate", async () => {
    const h = createHarness();
    const { user, actor, session } = await h.aSession();
    expect((await h.authenticate.execute(session.accessToken)).actor).toEqual(actor);
    await h.deleteUser.execute(user.id, actor);
    await expectFailure(h.authenticate.execute(session.accessToken), 'UNAUTHENTICATED');
  });

  it("leaves other users' sessions alone", async () => {
    const h = createHarness();
    const { user } = await h.aSession();
    const { user: other, session } = await h.aSession();
    await h.deleteUser.execute(user.id, OPERATOR);
    expect((await h.refreshSession.execute(session.refreshToken)).user.id).toBe(other.id);
  });
});
