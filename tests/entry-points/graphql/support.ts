import { type CoreDeps, createUseCases, type UseCases } from '../../../src/core/use-cases.js';
import { JoseAccessTokens } from '../../../src/data/security/jose-access-tokens.js';
import { ScryptPasswordHasher } from '../../../src/data/security/scrypt-password-hasher.js';

/** The real scrypt code at a cost that keeps the suite quick. */
const hasher = new ScryptPasswordHasher({ N: 2 ** 10, r: 8, p: 1 });

export const TEST_SECRET = 'graphql-tests-secret-at-least-32-bytes!!';

export function testUseCases(store: CoreDeps['store'], overrides: Partial<CoreDeps> = {}): UseCases {
  return createUseCases({
    store,
    hasher,
    accessTokens: new JoseAccessTokens(TEST_SECRET, 900),
    clock: () => new Date(),
    refreshTokenTtl: 3600,
    ...overrides,
  });
}
