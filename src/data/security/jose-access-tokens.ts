import { createSecretKey, type webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { AccessTokenSubject, AccessTokens } from '../../core/auth/access-tokens.js';
import { UnauthenticatedError } from '../../core/shared/errors.js';

const ISSUER = 'flexible-backend';
const AUDIENCE = 'flexible-backend:api';
const TOKEN_USE = 'access';

const isVersion = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** Tokens remembered as verified at most (about 350 bytes each); the oldest goes first. */
export const VERIFIED_TOKENS_MAX = 2048;

/** jose's clock: whole seconds, and a token is expired from the second its exp names. */
const nowInSeconds = () => Math.floor(Date.now() / 1000);

interface Verified {
  subject: AccessTokenSubject;
  exp: number;
}

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
  /**
   * Tokens already verified, by their whole text (signature included), so a
   * client sending the same token again and again pays jose's WebCrypto HMAC
   * (a job on the thread pool, 13 to 17 % of a request's CPU under load) once.
   * Only a string this key verified can hit; only expiry depends on time and
   * is checked on every hit, as jose checks it. Whether the user still exists,
   * their role and token version are the caller check's, read on every request.
   */
  private readonly verified = new Map<string, Verified>();

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
    const known = this.verified.get(token);
    if (known !== undefined) {
      if (known.exp > nowInSeconds()) return { ...known.subject };
      this.verified.delete(token);
      throw new UnauthenticatedError('Access token expired');
    }
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
    const subject = { userId: claims.sub, tokenVersion };
    // A token with nbf would be refused before its time: never remembered (ours carry none).
    if (typeof claims.exp === 'number' && claims.nbf === undefined) this.remember(token, { subject: { ...subject }, exp: claims.exp });
    return subject;
  }

  private remember(token: string, verified: Verified): void {
    this.verified.set(token, verified);
    if (this.verified.size > VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value!);
  }
}
