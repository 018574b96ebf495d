import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { createHarness, expectFailure, REFRESH_TOKEN_TTL } from '../use-case-harness.js';

const DAY_MS = 86_400_000;

describe('purge refresh tokens', () => {
  it('removes the tokens of an expired session and answers {purged: n}', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    h.clock.advance(REFRESH_TOKEN_TTL * 1000 + 1);
    expect(await h.purgeRefreshTokens.execute(OPERATOR)).toEqual({ purged: 1 });
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken))).toBeNull();
  });

  it('removes a logged-out session as soon as it is revoked', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await h.logout.execute(session.refreshToken);
    h.clock.advance(1);
    expect(await h.purgeRefreshTokens.execute(OPERATOR)).toEqual({ purged: 1 });
  });

  it('keeps a live session and the tokens it was rotated from', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const next = await h.refreshSession.execute(session.refreshToken);
    expect(await h.purgeRefreshTokens.execute(OPERATOR)).toEqual({ purged: 0 });
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken))).not.toBeNull();
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(next.refreshToken))).not.toBeNull();
  });

  it('leaves reuse detection intact: a rotated token presented after a purge, long after it expired, still ends its family', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    // The family is kept alive by rotation well past the first token's own expiry.
    let current = session.refreshToken;
    for (let day = 0; day < 40; day += 10) {
      h.clock.advance(10 * DAY_MS);
      current = (await h.refreshSession.execute(current)).refreshToken;
    }
    await h.purgeRefreshTokens.execute(OPERATOR);
    await expectFailure(h.refreshSession.execute(session.refreshToken), 'UNAUTHENTICATED');
    await expectFailure(h.refreshSession.execute(current), 'UNAUTHENTICATED');
  });

  it('removes a whole family once its last token has expired', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    await h.refreshSession.execute(session.refreshToken);
    h.clock.advance(REFRESH_TOKEN_TTL * 1000 + 1);
    expect(await h.purgeRefreshTokens.execute(OPERATOR)).toEqual({ purged: 2 });
  });

  it('is for the operator only: FORBIDDEN for an ADMIN, UNAUTHENTICATED without an actor, and nothing is removed', async () => {
    const h = createHarness();
    const { session } = await h.aSession();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    await h.logout.execute(session.refreshToken);
    h.clock.advance(1);
    await expectFailure(h.purgeRefreshTokens.execute(admin), 'FORBIDDEN');
    await expectFailure(h.purgeRefreshTokens.execute(null), 'UNAUTHENTICATED');
    expect(await h.store.refreshTokens.findByHash(hashRefreshToken(session.refreshToken))).not.toBeNull();
  });
});
