import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { JoseAccessTokens } from '../../../src/data/security/jose-access-tokens.js';
import { nowInSeconds, resign, tamper, unsigned } from '../../data/security/jwt-forgery.js';
import { ACCESS_TOKEN_TTL, createHarness, JWT_SECRET, rejectionOf } from '../use-case-harness.js';

async function expectUnauthenticated(promise: Promise<unknown>) {
  expect(await rejectionOf(promise)).toBeInstanceOf(UnauthenticatedError);
}

describe('authenticate', () => {
  it('turns a valid access token into the user and an actor with its role', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession({ role: 'ADMIN' });
    expect(await h.authenticate.execute(session.accessToken)).toEqual({
      actor: { kind: 'user', id: user.id, role: 'ADMIN' },
      user,
    });
  });

  it('applies a role change at once, with the same token', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    expect((await h.authenticate.execute(session.accessToken)).actor).toMatchObject({ role: 'USER' });
    await h.updateUser.execute(user.id, { role: 'ADMIN' }, OPERATOR);
    expect((await h.authenticate.execute(session.accessToken)).actor).toMatchObject({ role: 'ADMIN' });
  });

  it('shows the user as it is now', async () => {
    const h = createHarness();
    const { user, actor, session } = await h.aSession();
    await h.updateUser.execute(user.id, { lastName: 'Changed' }, actor);
    expect((await h.authenticate.execute(session.accessToken)).user.lastName).toBe('Changed');
  });

  it('refuses a genuine token of another token version than the user has', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    await expect(h.authenticate.execute(session.accessToken)).resolves.toMatchObject({ user: { id: user.id } });
    const { token: ahead } = await h.accessTokens.issue({ userId: user.id, tokenVersion: 1 });
    await expectUnauthenticated(h.authenticate.execute(ahead));
  });

  it('refuses an expired token', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const expired = await resign(session.accessToken, JWT_SECRET, { iat: nowInSeconds() - ACCESS_TOKEN_TTL - 60, exp: nowInSeconds() - 60 });
    await expectUnauthenticated(h.authenticate.execute(expired));
  });

  it('refuses a token whose payload was edited to name another user', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const { user: victim } = await h.aUser({ role: 'ADMIN' });
    await expectUnauthenticated(h.authenticate.execute(tamper(session.accessToken, { sub: victim.id })));
  });

  it('refuses a token with a damaged signature', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const [header, payload, signature] = session.accessToken.split('.');
    const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expectUnauthenticated(h.authenticate.execute(`${header}.${payload}.${flipped}`));
  });

  it('refuses an unsigned token (alg none)', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await expectUnauthenticated(h.authenticate.execute(unsigned(session.accessToken)));
  });

  it('refuses a token signed with another key', async () => {
    const h = createHarness();
    const { user } = await h.aUser();
    const { token } = await new JoseAccessTokens('another-secret-that-is-at-least-32-bytes', ACCESS_TOKEN_TTL).issue({ userId: user.id, tokenVersion: 0 });
    await expectUnauthenticated(h.authenticate.execute(token));
  });

  it('refuses a refresh token used as an access token', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await expectUnauthenticated(h.authenticate.execute(session.refreshToken));
  });

  it('refuses a genuine token for a user that does not exist', async () => {
    const h = createHarness();
    const { token } = await h.accessTokens.issue({ userId: newId(), tokenVersion: 0 });
    await expectUnauthenticated(h.authenticate.execute(token));
  });

  it.each([
    ['empty', ''],
    ['garbage', 'not.a.jwt'],
    ['not a string', { $ne: '' }],
  ])('refuses a token that is %s', async (_, token) => {
    const h = createHarness();
    await expectUnauthenticated(h.authenticate.execute(token as never));
  });
});

describe('authenticate: the narrow caller check of every request', () => {
  it('turns a valid access token into an actor with the role the user has now', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession({ role: 'ADMIN' });
    expect(await h.authenticate.actor(session.accessToken)).toEqual({ kind: 'user', id: user.id, role: 'ADMIN' });
    await h.updateUser.execute(user.id, { role: 'USER' }, OPERATOR);
    expect(await h.authenticate.actor(session.accessToken)).toEqual({ kind: 'user', id: user.id, role: 'USER' });
  });

  it('refuses the token of a deleted user at once', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    await h.deleteUser.execute(user.id, OPERATOR);
    await expectUnauthenticated(h.authenticate.actor(session.accessToken));
  });

  it('refuses a token issued before a logout everywhere', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    await h.logoutAll.execute(user.id, OPERATOR);
    await expectUnauthenticated(h.authenticate.actor(session.accessToken));
  });

  it('refuses forged, unsigned and refresh tokens as the full check does', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const { user: victim } = await h.aUser({ role: 'ADMIN' });
    for (const token of [tamper(session.accessToken, { sub: victim.id }), unsigned(session.accessToken), session.refreshToken, 'not.a.jwt']) {
      await expectUnauthenticated(h.authenticate.actor(token));
    }
  });
});
