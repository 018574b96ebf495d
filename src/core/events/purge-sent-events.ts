import { type Actor, requireActor } from '../auth/actor.js';
import type { Clock } from '../shared/clock.js';
import { ForbiddenError } from '../shared/errors.js';
import type { Outbox } from './outbox.js';

/** How long a relayed event is kept in the outbox (for an operator to look at) before it is forgotten. */
export const SENT_EVENT_RETENTION_MS = 7 * 86_400_000;
/** Batches per run at most, so one run ends even behind a huge backlog (the next run goes on). */
const MAX_ROUNDS = 100;

export class PurgeSentEvents {
  constructor(private readonly deps: { outbox: Outbox; clock: Clock }) {}

  /** The operator only (the CLI, the worker's schedule): forgets the events relayed more than 7 days ago. */
  async execute(actor: Actor | null): Promise<{ purged: number }> {
    if (requireActor(actor).kind !== 'operator') throw new ForbiddenError('Only the operator may purge relayed events');
    const before = new Date(this.deps.clock().getTime() - SENT_EVENT_RETENTION_MS);
    let purged = 0;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const batch = await this.deps.outbox.purgeSent(before);
      purged += batch;
      if (batch === 0) break;
    }
    return { purged };
  }
}
