/**
 * Ways an attacker (or a bug) might bend a JWT, built with jose so that only
 * the one thing under test is wrong. Shared by the adapter tests and the
 * authenticate use-case tests.
 */
import { decodeJwt, type JWTPayload, SignJWT } from 'jose';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs exactly these claims (jose adds none) with `alg` under `secret`. */
export function signClaims(claims: JWTPayload, secret: string, alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

/** A genuine token's claims with `changes` applied (undefined deletes a claim), signed again under `secret`. */
export function resign(token: string, secret: string, changes: Record<string, unknown>, alg = 'HS256'): Promise<string> {
  const claims: Record<string, unknown> = { ...decodeJwt(token), ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete claims[name];
  return signClaims(claims, secret, alg);
}

/** Same header and signature, edited payload. */
export function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode({ ...decodeJwt(token), ...changes })}.${signature}`;
}

/** The same claims with alg "none" and no signature. */
export function unsigned(token: string): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${token.split('.')[1]}.`;
}

export const nowInSeconds = (): number => Math.floor(Date.now() / 1000);
