import type { LoginThrottle } from '../core/auth/login-throttle.js';
import type { JobQueue } from '../core/jobs/job-queue.js';
import { systemClock } from '../core/shared/clock.js';
import type { Store } from '../core/store.js';
import { type CoreDeps, createUseCases, type UseCases } from '../core/use-cases.js';
import type { PasswordHasher } from '../core/users/password-hasher.js';
import { JoseAccessTokens } from '../data/security/jose-access-tokens.js';
import { ScryptPasswordHasher } from '../data/security/scrypt-password-hasher.js';
import type { Config } from './env.js';

/** The use cases over one store, with the production hasher and token signer unless told otherwise. */
export function wireUseCases(
  config: Pick<Config, 'jwtSecret' | 'accessTokenTtl' | 'refreshTokenTtl'>,
  store: Store,
  options: { hasher?: PasswordHasher; loginThrottle?: LoginThrottle; mail?: CoreDeps['mail']; jobs?: JobQueue } = {},
): UseCases {
  return createUseCases({
    store,
    hasher: options.hasher ?? new ScryptPasswordHasher(),
    accessTokens: new JoseAccessTokens(config.jwtSecret, config.accessTokenTtl),
    clock: systemClock,
    refreshTokenTtl: config.refreshTokenTtl,
    loginThrottle: options.loginThrottle,
    mail: options.mail,
    jobs: options.jobs,
  });
}
