import type { Logger } from 'pino';
import type { OrderRepository } from '../core/orders/order-repository.js';
import { SETTLE_GRACE_MS } from '../core/orders/settle-placements.js';
import { type Clock, systemClock } from '../core/shared/clock.js';

export const SETTLEMENT = {
  graceMs: SETTLE_GRACE_MS,
  everyMs: 15_000,
  /** How long shutdown waits for a settlement under way before closing the store anyway. */
  stopWaitMs: 2_000,
} as const;

export interface Settlement {
  /** Stops the timer and waits (briefly) for a run under way. */
  stop(): Promise<void>;
}

/**
 * CONTRACT.md, "crash safety": a store without transactions records each
 * placement before it is final, so a process killed in the middle leaves one
 * behind. Every instance settles those once at start-up and then every 15 s
 * (the store makes concurrent settlements safe). Runs in the background: the
 * server does not wait for it to listen, a run never overlaps the previous
 * one, and the timer never holds the process open.
 */
export function startSettlingPlacements(
  orders: Pick<OrderRepository, 'settleUnfinished'>,
  logger: Pick<Logger, 'info' | 'error'>,
  { clock = systemClock, everyMs = SETTLEMENT.everyMs }: { clock?: Clock; everyMs?: number } = {},
): Settlement {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const settled = await orders.settleUnfinished(new Date(clock().getTime() - SETTLEMENT.graceMs));
        if (settled > 0) logger.info({ settled }, 'settled unfinished order placements');
      } catch (error) {
        logger.error({ err: error }, 'settling unfinished order placements failed; retrying on the next round');
      } finally {
        running = undefined;
      }
    })();
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (!running) return;
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (wait = setTimeout(resolve, SETTLEMENT.stopWaitMs).unref()))]);
      clearTimeout(wait);
    },
  };
}
