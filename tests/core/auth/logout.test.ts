import { describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

describe('logout', () => {
  it('revokes the refresh token', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    h.clock.advance(1234);
    await h.logout.execute(session.refreshToken);
    const stored = await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken));
    expect(stored?.revokedAt).toEqual(h.clock.now());
  });

  it('makes a later refresh with that token fail', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await h.logout.execute(session.refreshToken);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
  });

  it('works on a token obtained by rotation', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const next = await h.refreshSession.execute(session.refreshToken);
    await h.logout.execute(next.refreshToken);
    await expectFailure(h.refreshSession.execute(next.refreshToken), 'UNAUTHENTICATED');
  });

  it('ends only that session', async () => {
    const h = createHarness();
    const { input, session } = await h.aSession();
    const other = await h.login.execute({ email: input.email, password: input.password });
    await h.logout.execute(session.refreshToken);
    await expect(h.refreshSession.execute(other.refreshToken)).resolves.toMatchObject({ user: { email: input.email } });
  });

  it.each([
    ['unknown', 'A'.repeat(43)],
    ['empty', ''],
    ['over-long', 'A'.repeat(10_000)],
    ['not a string', { $ne: '' }],
  ])('is silent for a token that is %s', async (_, token) => {
    const h = createHarness();
    await h.aSession();
    await expect(h.logout.execute(token as never)).resolves.toBeUndefined();
  });

  it('is silent the second time', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await h.logout.execute(session.refreshToken);
    await expect(h.logout.execute(session.refreshToken)).resolves.toBeUndefined();
  });
});
