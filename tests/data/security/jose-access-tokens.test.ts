import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { JoseAccessTokens, VERIFIED_TOKENS_MAX } from '../../../src/data/security/jose-access-tokens.js';
import { nowInSeconds, resign, signClaims, tamper, unsigned } from './jwt-forgery.js';

const SECRET = 'jose-adapter-tests-secret-at-least-32-bytes';
const TTL = 900;

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return error as Error;
}

async function aGenuineToken(userId = newId(), tokenVersion = 3) {
  const tokens = new JoseAccessTokens(SECRET, TTL);
  return { tokens, userId, tokenVersion, token: (await tokens.issue({ userId, tokenVersion })).token };
}

describe('jose access tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token it issued, giving back the user id and token version', async () => {
    const { tokens, userId, token } = await aGenuineToken(newId(), 7);
    expect(await tokens.verify(token)).toEqual({ userId, tokenVersion: 7 });
  });

  it('reports the lifetime it was given as expiresIn', async () => {
    expect((await new JoseAccessTokens(SECRET, 42).issue({ userId: newId(), tokenVersion: 0 })).expiresIn).toBe(42);
  });

  it('verifies a token issued by another instance holding the same secret', async () => {
    const { userId, tokenVersion, token } = await aGenuineToken();
    expect(await new JoseAccessTokens(SECRET, 1).verify(token)).toEqual({ userId, tokenVersion });
  });

  it('signs with HS256 and states sub, iss, aud, iat, exp = iat + ttl, use = access and ver', async () => {
    const { userId, tokenVersion, token } = await aGenuineToken();
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: userId, use: 'access', ver: tokenVersion });
    expect(claims.iss).toEqual(expect.any(String));
    expect(claims.aud).toEqual(expect.any(String));
    expect(claims.exp! - claims.iat!).toBe(TTL);
    expect(Math.abs(claims.iat! - nowInSeconds())).toBeLessThanOrEqual(1);
  });

  it('refuses a token once its lifetime has passed, saying it expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { tokens, token } = await aGenuineToken();
    vi.setSystemTime(Date.now() + (TTL - 1) * 1000);
    await expect(tokens.verify(token)).resolves.toMatchObject({ userId: expect.any(String) });
    vi.setSystemTime(Date.now() + 1000);
    expect((await rejectionOf(tokens.verify(token))).message).toBe('Access token expired');
  });

  it('refuses a token signed with a past exp', async () => {
    const { tokens, token } = await aGenuineToken();
    const expired = await resign(token, SECRET, { exp: nowInSeconds() - 1 });
    await rejectionOf(tokens.verify(expired));
  });

  it('refuses a token signed with another key', async () => {
    const { userId } = await aGenuineToken();
    const { token } = await new JoseAccessTokens('a-different-secret-also-32-bytes-long', TTL).issue({ userId, tokenVersion: 0 });
    await rejectionOf(new JoseAccessTokens(SECRET, TTL).verify(token));
  });

  it('refuses a token whose payload was edited', async () => {
    const { tokens, token } = await aGenuineToken();
    await rejectionOf(tokens.verify(tamper(token, { sub: newId() })));
    await rejectionOf(tokens.verify(tamper(token, { exp: nowInSeconds() + 86_400 * 365 })));
    await rejectionOf(tokens.verify(tamper(token, { ver: 0 })));
  });

  describe('remembering verified tokens', () => {
    it('still refuses edited, re-signed and unsigned variants of a token it has already verified', async () => {
      const { tokens, token } = await aGenuineToken();
      await tokens.verify(token);
      await rejectionOf(tokens.verify(tamper(token, { sub: newId() })));
      await rejectionOf(tokens.verify(await resign(token, 'a-different-secret-also-32-bytes-long', {})));
      await rejectionOf(tokens.verify(unsigned(token)));
      await rejectionOf(tokens.verify(`${token}x`));
    });

    it('gives each caller its own answer: changing one does not change the next', async () => {
      const { tokens, userId, token } = await aGenuineToken(newId(), 2);
      const first = await tokens.verify(token);
      first.tokenVersion = 99;
      expect(await tokens.verify(token)).toEqual({ userId, tokenVersion: 2 });
    });

    it(`verifies a token again after ${VERIFIED_TOKENS_MAX} others pushed it out`, async () => {
      const { tokens, userId, token } = await aGenuineToken(newId(), 1);
      await tokens.verify(token);
      const others = await Promise.all(Array.from({ length: VERIFIED_TOKENS_MAX }, () => tokens.issue({ userId: newId(), tokenVersion: 0 })));
      for (const other of others) await tokens.verify(other.token);
      expect(await tokens.verify(token)).toEqual({ userId, tokenVersion: 1 });
    });
  });

  it('reads a token signed without ver (before token versions existed) as version 0', async () => {
    const { tokens, userId, token } = await aGenuineToken();
    expect(await tokens.verify(await resign(token, SECRET, { ver: undefined }))).toEqual({ userId, tokenVersion: 0 });
  });

  describe('pins HS256', () => {
    it('refuses alg none', async () => {
      const { tokens, token } = await aGenuineToken();
      await rejectionOf(tokens.verify(unsigned(token)));
    });

    it.each(['HS384', 'HS512'])('refuses %s, even under the right secret', async (alg) => {
      const { tokens, token } = await aGenuineToken();
      const other = await resign(token, SECRET, {}, alg);
      expect(decodeProtectedHeader(other).alg).toBe(alg);
      await rejectionOf(tokens.verify(other));
    });

    it('accepts the same claims re-signed with HS256 (the control for the cases above)', async () => {
      const { tokens, userId, tokenVersion, token } = await aGenuineToken();
      expect(await tokens.verify(await resign(token, SECRET, {}))).toEqual({ userId, tokenVersion });
    });
  });

  describe('requires its claims', () => {
    it.each(['exp', 'sub', 'iss', 'aud', 'use'])('refuses a token without %s', async (claim) => {
      const { tokens, token } = await aGenuineToken();
      await rejectionOf(tokens.verify(await resign(token, SECRET, { [claim]: undefined })));
    });

    it.each([
      ['another issuer', { iss: 'someone-else' }],
      ['another audience', { aud: 'someone-else:api' }],
      ['another use', { use: 'refresh' }],
      ['a non-string subject', { sub: 12_345 }],
      ['a version that is a string', { ver: '3' }],
      ['a negative version', { ver: -1 }],
      ['a fractional version', { ver: 1.5 }],
      ['a null version', { ver: null }],
    ])('refuses a token for %s', async (_, changes) => {
      const { tokens, token } = await aGenuineToken();
      await rejectionOf(tokens.verify(await resign(token, SECRET, changes)));
    });

    it('refuses a bare signed token with none of the claims', async () => {
      const tokens = new JoseAccessTokens(SECRET, TTL);
      await rejectionOf(tokens.verify(await signClaims({}, SECRET)));
    });
  });

  it.each([
    ['empty', ''],
    ['garbage', 'garbage'],
    ['three empty parts', '..'],
    ['not a string', 42],
  ])('refuses a token that is %s, without leaking why', async (_, token) => {
    const error = await rejectionOf(new JoseAccessTokens(SECRET, TTL).verify(token as never));
    expect(error.message).toBe('Invalid access token');
  });
});
