import { createSecretKey, type webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AccessTokenSubject, AccessTokens } from '../../core/auth/access-tokens.js';
import { UnauthenticatedError } from '../../core/shared/errors.js';

const ISSUER = 'flexible-backend';
const AUDIENCE = 'flexible-backend:api';
const TOKEN_USE = 'access';

const isVersion = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * HS256 JWTs signed with jose. The algorithm is pinned on verification (no
 * alg:none, no algorithm confusion), and exp, iss, aud, sub and our `use`
 * claim are required, so a refresh token or a token for another service fails.
 * `ver` carries the user's token version; a token without it was signed before
 * versions existed, when every user was at version 0, and reads as 0.
 */
export class JoseAccessTokens implements AccessTokens {
  // Imported once, as a CryptoKey: jose takes one as it is, while raw bytes (or a secret KeyObject,
  // which it exports back to bytes) are imported into WebCrypto again on every sign and verify.
  private readonly key: webcrypto.CryptoKey;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8')).toCryptoKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue({ userId, tokenVersion }: AccessTokenSubject): Promise<{ token: string; expiresIn: number }> {
    const token = await new SignJWT({ use: TOKEN_USE, ver: tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  async verify(token: string): Promise<AccessTokenSubject> {
    const claims = await jwtVerify(token, this.key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    }).then(
      ({ payload }) => payload,
      // Whatever jose rejects (malformed, tampered, expired, wrong key or alg) is one answer to the caller.
      (error: unknown) => {
        throw new UnauthenticatedError(error instanceof errors.JWTExpired ? 'Access token expired' : 'Invalid access token');
      },
    );
    const tokenVersion = claims.ver === undefined ? 0 : claims.ver;
    if (claims.use !== TOKEN_USE || typeof claims.sub !== 'string' || !isVersion(tokenVersion)) {
      throw new UnauthenticatedError('Invalid access token');
    }
    return { userId: claims.sub, tokenVersion };
  }
}
