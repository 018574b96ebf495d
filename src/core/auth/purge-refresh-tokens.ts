import type { Clock } from '../shared/clock.js';
import { ForbiddenError } from '../shared/errors.js';
import { type Actor, requireActor } from './actor.js';
import type { RefreshTokenRepository } from './refresh-token-repository.js';

export interface PurgeOutcome {
  purged: number;
}

export class PurgeRefreshTokens {
  constructor(private readonly deps: { refreshTokens: RefreshTokenRepository; clock: Clock }) {}

  /**
   * The operator only (the CLI, and the worker's schedule, which runs as the
   * operator): removes the tokens that can no longer matter. Expired and
   * revoked tokens go at once, but never while their family still has a live
   * token (the repository's rule), so a rotated token presented again still
   * ends its family: the purge takes nothing from reuse detection, and needs
   * no retention period of its own.
   */
  async execute(actor: Actor | null): Promise<PurgeOutcome> {
    if (requireActor(actor).kind !== 'operator') throw new ForbiddenError('Only the operator may purge refresh tokens');
    const now = this.deps.clock();
    return { purged: await this.deps.refreshTokens.purge({ expiredBefore: now, revokedBefore: now }) };
  }
}
