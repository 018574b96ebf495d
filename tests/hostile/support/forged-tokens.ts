/**
 * Access tokens as an attacker would bend them. Each forgery aims at one
 * target user (its id in `sub`) and gets one thing wrong; the ones signed with
 * the server's own JWT_SECRET show that the key alone is not enough.
 */
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { b64, genuineClaims, hmacToken, JWT_SECRET, nowInSeconds as now, signedWith, withChanges } from './jwt.js';

/** Same header and signature, payload edited. */
export function tamperPayload(token: string, changes: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${b64(withChanges(decodeJwt(token) as Record<string, unknown>, changes))}.${signature}`;
}

/** One character in the middle of the signature changed (the last one may only hold padding bits). */
export function tamperSignature(token: string): string {
  const [header, payload, signature = ''] = token.split('.');
  const middle = Math.floor(signature.length / 2);
  const swapped = signature[middle] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, middle)}${swapped}${signature.slice(middle + 1)}`;
}

/** Real RS256 under an attacker's key pair, the public key embedded in the header for a naive verifier to trust. */
let attackerKeys: ReturnType<typeof generateKeyPair> | undefined;
export async function rs256WithEmbeddedKey(sub: string): Promise<string> {
  // RSA key generation takes a while on a small machine: one pair serves every store.
  attackerKeys ??= generateKeyPair('RS256', { extractable: true });
  const { privateKey, publicKey } = await attackerKeys;
  const jwk = await exportJWK(publicKey);
  return new SignJWT(genuineClaims(sub) as JWTPayload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', jwk }).sign(privateKey);
}

export interface ForgeryContext {
  /** The user the forgery tries to act as. */
  targetId: string;
  /** A genuine access token of the attacker's own account. */
  attackerAccessToken: string;
  /** A genuine access token of the target (stolen, then damaged). */
  targetAccessToken: string;
  /** Logs the target in for a genuine refresh token (only one forgery needs it). */
  targetRefreshToken(): Promise<string>;
}

export interface Forgery {
  name: string;
  /** The whole Authorization header value. */
  authorization(context: ForgeryContext): Promise<string> | string;
}

const bearer = (token: string) => `Bearer ${token}`;

export const FORGERIES: Forgery[] = [
  { name: "the attacker's own token with sub edited to the target, signature kept", authorization: (c) => bearer(tamperPayload(c.attackerAccessToken, { sub: c.targetId })) },
  { name: "the target's token with one signature character changed", authorization: (c) => bearer(tamperSignature(c.targetAccessToken)) },
  { name: "the target's token with the signature cut off", authorization: (c) => bearer(c.targetAccessToken.split('.').slice(0, 2).join('.') + '.') },
  { name: 'an expired token signed with the right key', authorization: (c) => bearer(signedWith(c.targetId, { iat: now() - 3600, exp: now() - 60 })) },
  { name: 'alg "none" with no signature', authorization: (c) => bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(genuineClaims(c.targetId))}.`) },
  { name: 'alg "nOnE" keeping a real signature', authorization: (c) => bearer(`${b64({ alg: 'nOnE', typ: 'JWT' })}.${c.targetAccessToken.split('.').slice(1).join('.')}`) },
  { name: 'HS512 signed with the right key', authorization: (c) => bearer(hmacToken({ alg: 'HS512', typ: 'JWT' }, genuineClaims(c.targetId), JWT_SECRET, 'sha512')) },
  { name: 'HS384 signed with the right key', authorization: (c) => bearer(hmacToken({ alg: 'HS384', typ: 'JWT' }, genuineClaims(c.targetId), JWT_SECRET, 'sha384')) },
  { name: 'an RS256 header over an HMAC signature made with the secret (algorithm confusion)', authorization: (c) => bearer(hmacToken({ alg: 'RS256', typ: 'JWT' }, genuineClaims(c.targetId))) },
  { name: "RS256 signed with the attacker's key, its public key embedded in the header", authorization: async (c) => bearer(await rs256WithEmbeddedKey(c.targetId)) },
  { name: 'HS256 signed with a wrong key', authorization: (c) => bearer(hmacToken({ alg: 'HS256', typ: 'JWT' }, genuineClaims(c.targetId), 'a-wrong-key-that-is-also-32-bytes-long!!')) },
  { name: 'HS256 signed with an empty key, kid pointing at /dev/null', authorization: (c) => bearer(hmacToken({ alg: 'HS256', typ: 'JWT', kid: '../../../../dev/null' }, genuineClaims(c.targetId), Buffer.alloc(0))) },
  { name: 'no exp claim, right key', authorization: (c) => bearer(signedWith(c.targetId, { exp: undefined })) },
  { name: 'no sub claim, right key', authorization: () => bearer(signedWith(undefined, {})) },
  { name: 'sub as an operator object {"$ne": null}, right key', authorization: () => bearer(signedWith({ $ne: null })) },
  { name: 'sub as an SQL fragment, right key', authorization: () => bearer(signedWith("' OR '1'='1")) },
  { name: 'a token version the target does not have, right key', authorization: (c) => bearer(signedWith(c.targetId, { ver: 1 })) },
  { name: 'the token version as a string, right key', authorization: (c) => bearer(signedWith(c.targetId, { ver: '0' })) },
  { name: 'the token version as an operator object {"$gte": 0}, right key', authorization: (c) => bearer(signedWith(c.targetId, { ver: { $gte: 0 } })) },
  { name: 'no "use" claim, right key', authorization: (c) => bearer(signedWith(c.targetId, { use: undefined })) },
  { name: 'use "refresh", right key', authorization: (c) => bearer(signedWith(c.targetId, { use: 'refresh' })) },
  { name: 'another issuer, right key', authorization: (c) => bearer(signedWith(c.targetId, { iss: 'someone-else' })) },
  { name: 'another audience, right key', authorization: (c) => bearer(signedWith(c.targetId, { aud: 'flexible-backend:admin' })) },
  { name: 'nbf an hour ahead, right key', authorization: (c) => bearer(signedWith(c.targetId, { nbf: now() + 3600 })) },
  { name: 'an unknown critical header, right key', authorization: (c) => bearer(signedWith(c.targetId, {}, { crit: ['x-bypass'], 'x-bypass': true })) },
  { name: 'a garbage string', authorization: () => bearer('garbage') },
  { name: 'three empty segments', authorization: () => bearer('..') },
  { name: 'segments that are not base64url JSON', authorization: () => bearer('eyJ!.eyJ$.%%%') },
  { name: 'a five-segment JWE-looking string', authorization: (c) => bearer(`${c.targetAccessToken}.AAAA.BBBB`) },
  { name: 'a 6 kB token', authorization: () => bearer(`${b64({ alg: 'HS256' })}.${'A'.repeat(6000)}.sig`) },
  { name: '"Bearer" with nothing after it', authorization: () => 'Bearer' },
  { name: '"Bearer " followed only by spaces', authorization: () => 'Bearer    ' },
  { name: 'two tokens in one header', authorization: (c) => `Bearer ${c.attackerAccessToken} ${c.targetAccessToken}` },
  { name: 'the Basic scheme', authorization: (c) => `Basic ${c.targetAccessToken}` },
  { name: "the target's refresh token used as an access token", authorization: async (c) => bearer(await c.targetRefreshToken()) },
];
