import type { RefreshTokenRepository } from './auth/refresh-token-repository.js';
import type { UserRepository } from './users/user-repository.js';

/** What a data adapter hands to the composition root: the ports, plus its lifecycle. */
export interface Store {
  readonly users: UserRepository;
  readonly refreshTokens: RefreshTokenRepository;
  /** Resolves when the database answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
