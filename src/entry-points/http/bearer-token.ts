import { UnauthenticatedError } from '../../core/shared/errors.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The token of `Authorization: Bearer <token>`, the same rule for GraphQL and
 * REST. No header (or a blank one) is an anonymous request: null. A header
 * that is there but not a bearer token is a malformed token, not anonymity.
 */
export function bearerToken(authorization: string | undefined): string | null {
  if (authorization === undefined || authorization.trim() === '') return null;
  const token = BEARER.exec(authorization)?.[1];
  if (!token) throw new UnauthenticatedError('Authorization header must be "Bearer <access token>"');
  return token;
}
