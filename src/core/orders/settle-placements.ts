import { type Actor, requireActor } from '../auth/actor.js';
import type { Clock } from '../shared/clock.js';
import { ForbiddenError } from '../shared/errors.js';
import type { OrderRepository } from './order-repository.js';

/** Only placements older than this are settled: a younger one may still be finishing in its own process. */
export const SETTLE_GRACE_MS = 30_000;

export interface SettleOutcome {
  settled: number;
}

export class SettlePlacements {
  constructor(private readonly deps: { orders: Pick<OrderRepository, 'settleUnfinished'>; clock: Clock }) {}

  /**
   * The operator only (the CLI, and the worker's schedule, which runs as the
   * operator): finishes or undoes the placements a killed process left
   * behind (CONTRACT.md, "crash safety"). Safe beside the settlement every
   * instance runs, and beside another run of this: the store makes
   * concurrent settlements safe.
   */
  async execute(actor: Actor | null): Promise<SettleOutcome> {
    if (requireActor(actor).kind !== 'operator') throw new ForbiddenError('Only the operator may settle placements');
    const olderThan = new Date(this.deps.clock().getTime() - SETTLE_GRACE_MS);
    return { settled: await this.deps.orders.settleUnfinished(olderThan) };
  }
}
