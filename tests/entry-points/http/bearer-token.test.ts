import { expect, it } from 'vitest';
import { UnauthenticatedError } from '../../../src/core/shared/errors.js';
import { bearerToken } from '../../../src/entry-points/http/bearer-token.js';

it('takes the token of a bearer header, whatever the case of the scheme and the blanks around it', () => {
  expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
  expect(bearerToken('bearer\tabc')).toBe('abc');
  expect(bearerToken('BEARER   abc  ')).toBe('abc');
});

it('treats no header, or a blank one, as an anonymous request', () => {
  expect(bearerToken(undefined)).toBeNull();
  expect(bearerToken('')).toBeNull();
  expect(bearerToken('   ')).toBeNull();
});

it.each(['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Token abc', 'abc'])('refuses %j as a malformed token', (header) => {
  expect(() => bearerToken(header)).toThrow(UnauthenticatedError);
});
