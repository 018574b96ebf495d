/**
 * JWTs made by hand, byte for byte: the server's secret and the claims it puts
 * in an access token (src/data/security/jose-access-tokens.ts), so a test can
 * make a genuine token without logging in, and a forgery that differs from a
 * genuine one in exactly one thing.
 */
import { createHmac } from 'node:crypto';

/** The server under test signs with this (useHostileServer passes it as JWT_SECRET). */
export const JWT_SECRET = 'hostile-suite-jwt-secret-with-more-than-32-bytes';
export const ISSUER = 'flexible-backend';
export const AUDIENCE = 'flexible-backend:api';

export const b64 = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

/** Claims a genuine access token for `sub` carries. */
export function genuineClaims(sub: unknown): Record<string, unknown> {
  return { use: 'access', sub, ver: 0, iss: ISSUER, aud: AUDIENCE, iat: nowInSeconds(), exp: nowInSeconds() + 600 };
}

/** HMAC-signs exactly this header and these claims: no library gets a say in what is allowed. */
export function hmacToken(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | Buffer = JWT_SECRET, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** The claims with `changes` applied; `undefined` removes a claim. */
export function withChanges(claims: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const result = { ...claims, ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete result[name];
  return result;
}

/** Signed correctly (HS256, the server's key) except for what `changes` and `header` alter. */
export const signedWith = (sub: unknown, changes: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string =>
  hmacToken({ alg: 'HS256', typ: 'JWT', ...header }, withChanges(genuineClaims(sub), changes));
