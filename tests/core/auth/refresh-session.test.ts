import { describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { NotFoundError, UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { ACCESS_TOKEN_TTL, createHarness, expectFailure, REFRESH_TOKEN_TTL, rejectionOf } from '../use-case-harness.js';

describe('refresh session', () => {
  it('gives a new AuthPayload for the same user', async () => {
    const h = createHarness();
    const { user, actor, session } = await h.aSession();
    const next = await h.refreshSession.execute(session.refreshToken);
    expect(next).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: ACCESS_TOKEN_TTL, user });
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await h.authenticate.execute(next.accessToken)).actor).toEqual(actor);
  });

  it('shows the user as it is now, not as it was at login', async () => {
    const h = createHarness();
    const { user, actor, session } = await h.aSession();
    await h.updateUser.execute(user.id, { firstName: 'Renamed' }, actor);
    expect((await h.refreshSession.execute(session.refreshToken)).user.firstName).toBe('Renamed');
  });

  it('refuses an unrevoked refresh token issued under an older token version of the user', async () => {
    // The store still holds the token as live: the version alone refuses it.
    const h = createHarness();
    const { user, session } = await h.aSession();
    await h.store.users.update(user.id, { tokenVersion: 77, updatedAt: h.clock.now() });
    expect((await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken)))?.revokedAt).toBeNull();
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
  });

  it('issues the successor under the token version of the user', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    const next = await h.refreshSession.execute(session.refreshToken);
    const { tokenVersion } = (await h.store.users.findById(user.id))!;
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(next.refreshToken))).toMatchObject({ tokenVersion });
    expect(await h.accessTokens.verify(next.accessToken)).toEqual({ userId: user.id, tokenVersion });
  });

  it('rotates: the old token stops working and the new one works', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    const next = await h.refreshSession.execute(session.refreshToken);
    h.clock.advance(1000);
    const after = await h.refreshSession.execute(next.refreshToken);
    expect(after.user.id).toBe(user.id);
    const replayed = await rejectionOf(h.refreshSession.execute(session.refreshToken));
    expect(replayed).toBeInstanceOf(UnauthenticatedError);
  });

  it('treats a replayed rotated token as theft: the whole family is revoked, newest token included', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const second = await h.refreshSession.execute(session.refreshToken);
    const third = await h.refreshSession.execute(second.refreshToken);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
    await expectFailure(h.refreshSession.execute(third.refreshToken), 'UNAUTHENTICATED');
    const newest = await h.store.refreshTokens.findByHash(hashRefreshToken(third.refreshToken));
    expect(newest?.revokedAt).toEqual(h.clock.now());
  });

  it('revokes only the family of the replayed token, not other sessions of the user', async () => {
    const h = createHarness();
    const { input, session } = await h.aSession();
    const otherDevice = await h.login.execute({ email: input.email, password: input.password });
    await h.refreshSession.execute(session.refreshToken);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
    await expect(h.refreshSession.execute(otherDevice.refreshToken)).resolves.toMatchObject({ expiresIn: ACCESS_TOKEN_TTL });
  });

  it('lets at most one of 10 concurrent refreshes with one token succeed', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.refreshSession.execute(session.refreshToken)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.length - failures.length).toBeLessThanOrEqual(1);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(UnauthenticatedError);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
  });

  it('treats concurrent refreshes with one token as reuse: the winner\'s new token is revoked too', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.refreshSession.execute(session.refreshToken)));
    const winners = results.filter((r) => r.status === 'fulfilled');
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThanOrEqual(9);
    for (const winner of winners) {
      await expectFailure(h.refreshSession.execute(winner.value.refreshToken), 'UNAUTHENTICATED');
    }
  });

  it('still works one second before the refresh token expires', async () => {
    const h = createHarness();
    const { user, session } = await h.aSession();
    h.clock.advance(REFRESH_TOKEN_TTL * 1000 - 1000);
    expect((await h.refreshSession.execute(session.refreshToken)).user.id).toBe(user.id);
  });

  it('fails once the refresh token has expired', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    h.clock.advance(REFRESH_TOKEN_TTL * 1000);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
  });

  it('gives each rotated token a full lifetime from its own issue', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    h.clock.advance(REFRESH_TOKEN_TTL * 1000 - 1000);
    const next = await h.refreshSession.execute(session.refreshToken);
    h.clock.advance(REFRESH_TOKEN_TTL * 1000 - 1000);
    await expect(h.refreshSession.execute(next.refreshToken)).resolves.toMatchObject({ expiresIn: ACCESS_TOKEN_TTL });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['well-formed but never issued', 'A'.repeat(43)],
    ['over-long', 'A'.repeat(10_000)],
    ['not a string', { $ne: '' }],
    ['null', null],
  ])('fails with UNAUTHENTICATED for a token that is %s', async (_, token) => {
    const h = createHarness();
    await h.aSession();
    const error = await rejectionOf(h.refreshSession.execute(token as never));
    expect(error).toBeInstanceOf(UnauthenticatedError);
  });

  it('fails with UNAUTHENTICATED, not an internal error, when the user is deleted while the session is issued', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    // What a store with a foreign key reports when the user row vanished between the read and the insert.
    h.store.refreshTokens.insert = async () => {
      throw new NotFoundError('No user has this id');
    };
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
  });

  it('fails with UNAUTHENTICATED for an access token presented as a refresh token', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await expectFailure(h.refreshSession.execute(session.accessToken), 'UNAUTHENTICATED');
  });

  it('fails alike for every bad token, revealing nothing about why', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await h.refreshSession.execute(session.refreshToken);
    const replayed = await rejectionOf(h.refreshSession.execute(session.refreshToken));
    const unknown = await rejectionOf(h.refreshSession.execute('A'.repeat(43)));
    expect(replayed.message).toBe(unknown.message);
  });
});
