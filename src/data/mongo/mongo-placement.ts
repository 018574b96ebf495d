import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type { PlacementOutcome } from '../../core/orders/order-repository.js';
import { type OrderRecord, type PlacementRequest, placedOrder } from '../../core/orders/order.js';
import { ConflictError } from '../../core/shared/errors.js';
import type { FaultHook } from '../shared/fault-hook.js';
import { idemOf, type OrderDocument, outboxOf, type SettledOrderDocument, toOrderRecord } from './documents.js';
import { isDuplicateKey } from './duplicate-key.js';
import { inProductOrder, type MongoOrderSettlement } from './mongo-order-settlement.js';
import type { MongoStock } from './mongo-stock.js';

export interface PlacementTimings {
  /**
   * A placement pending longer than this was left by a crashed process (a
   * live one takes well under a second, or a few under a 50-way race): a
   * placement waiting on its idempotency key compensates it and goes ahead.
   * The sweep's horizon (now − 30 s at the composition root) matches it.
   */
  staleAfterMs: number;
  /** How long a placement waits for a racing one with the same key before answering CONFLICT. */
  keyWaitMs: number;
}

export const DEFAULT_PLACEMENT_TIMINGS: PlacementTimings = { staleAfterMs: 30_000, keyWaitMs: 20_000 };

const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 100;

type Claim = { kind: 'claimed' } | { kind: 'duplicate'; order: OrderRecord };
type Failure = { index: number; kind: 'unavailable' | 'short' };

/**
 * Atomic placement without transactions: a recorded reservation settled with
 * compensation.
 *  1. The order goes in `pending` with its requested lines and its events; its `idem` field is
 *     under a unique index, so of racing placements with one key exactly one
 *     goes on (the only race every MongoDB-protocol server decides: a unique insert).
 *  2. Line by line in product-id order, under the product's lock: check, then
 *     one write that takes the units and records the reservation (mongo-stock.ts).
 *  3. On a failed check: every reservation given back, the order deleted.
 *  4. On success, under the order's lock: `pending` → `settled`, priced; then
 *     the reservation markers dropped.
 * A crash anywhere leaves a pending order or markers that settleUnfinished
 * finishes (mongo-order-settlement.ts); no read sees an order before step 4.
 */
export class MongoPlacement {
  constructor(
    private readonly orders: Collection<OrderDocument>,
    private readonly stock: MongoStock,
    private readonly settlement: MongoOrderSettlement,
    private readonly faults: FaultHook,
    private readonly timings: PlacementTimings,
  ) {}

  async place(request: PlacementRequest, events?: readonly DomainEvent[]): Promise<PlacementOutcome> {
    const claim = await this.claim(request, events);
    if (claim.kind === 'duplicate') return claim;
    await this.faults('placement:after-pending-insert');

    const lines = inProductOrder(request.lines.map((line, index) => ({ ...line, index })));
    const prices = new Map<string, number>();
    /** Lines that may hold a reservation: those reserved, and one whose reserve call failed (its write may have gone in). */
    const attempted: typeof lines = [];
    let failure: Failure | undefined;
    try {
      for (const [i, line] of lines.entries()) {
        attempted.push(line);
        const reservation = await this.stock.reserve(line.productId, request.id, line.quantity);
        if (reservation.kind !== 'reserved') {
          attempted.pop();
          failure = { index: line.index, kind: reservation.kind };
          break;
        }
        prices.set(line.productId, reservation.priceCents);
        await this.faults(`placement:after-reserve:${i}`);
      }
      if (failure) await this.settlement.compensate(request.id, attempted);
    } catch (error) {
      // Release is guarded by the product's marker, so an unknown outcome is covered too.
      // When compensating fails as well, the sweep finishes it.
      await this.settlement.compensate(request.id, attempted).catch(() => undefined);
      throw error;
    }
    if (failure) return this.failureOutcome(request, failure);

    await this.faults('placement:before-settle');
    const order = placedOrder(request, (productId) => prices.get(productId)!);
    // From here on no compensation: once the settle write may have gone in, only the sweep,
    // which reads what is stored, may decide.
    if (!(await this.settle(order))) {
      await this.settlement.compensate(request.id, request.lines);
      throw new Error(`placement ${request.id} was left pending past ${this.timings.staleAfterMs} ms and undone by the sweep`);
    }
    await this.faults('placement:after-settle');
    try {
      for (const line of lines) await this.stock.forget(line.productId, request.id, 'reservations');
    } catch {
      // The order is placed; a marker left behind is dropped by the sweep.
    }
    return { kind: 'placed', order };
  }

  /** Inserts the pending order, or finds the settled order holding its idempotency key, waiting for a racing one. */
  private async claim(request: PlacementRequest, events: readonly DomainEvent[] | undefined): Promise<Claim> {
    const idem = idemOf(request);
    const deadline = Date.now() + this.timings.keyWaitMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.orders.insertOne(pendingOrder(request, idem, events));
        return { kind: 'claimed' };
      } catch (error) {
        if (!isDuplicateKey(error)) {
          // The insert may have gone in unseen; a pending order holding nothing would bind the key
          // until the sweep. Nothing is reserved yet, so removing it is always right.
          await this.orders.deleteOne({ _id: request.id, placement: 'pending' }).catch(() => undefined);
          throw error;
        }
      }
      const holder = await this.orders.findOne({ idem });
      const late = Date.now() >= deadline;
      if (!holder && !late) continue; // it failed and freed the key: try again at once
      if (!holder) throw new Error(`placement ${request.id} could not insert its order: its id is taken`);
      if (holder.placement === 'settled') return { kind: 'duplicate', order: toOrderRecord(holder as SettledOrderDocument) };
      if (holder._id === request.id) return { kind: 'claimed' }; // our own insert, acknowledged late
      const staleBefore = new Date(Date.now() - this.timings.staleAfterMs);
      const stale = holder.pendingSince !== undefined && holder.pendingSince < staleBefore;
      if (stale && (await this.settlement.abandon(holder._id, staleBefore))) continue;
      if (late) throw new ConflictError('An order with this idempotency key is still being placed; retry');
      await sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  /** pending → settled under the order's lock; false when the sweep had begun to undo it. */
  private settle(order: OrderRecord): Promise<boolean> {
    return this.settlement.lockOrder(order.id, async () => {
      const doc = await this.orders.findOne({ _id: order.id }, { projection: { placement: 1 } });
      if (doc?.placement !== 'pending') return false;
      await this.orders.updateOne(
        { _id: order.id, placement: 'pending' },
        {
          $set: { placement: 'settled', status: order.status, lines: order.lines, totalCents: order.totalCents, updatedAt: order.updatedAt },
          $unset: { pendingSince: '' },
        },
      );
      return true;
    });
  }

  /**
   * Which lines to name, read after the compensation: the line that failed,
   * and every other line that would fail now. Unknown or archived products
   * come before short stock, as in the core's order of checks.
   */
  private async failureOutcome(request: PlacementRequest, failure: Failure): Promise<PlacementOutcome> {
    const levels = await this.stock.levels(request.lines.map((line) => line.productId));
    const failing = (test: (line: PlacementRequest['lines'][number], index: number) => boolean) =>
      request.lines.flatMap((line, index) => (test(line, index) ? [index] : []));
    const unavailable = failing((line, index) => {
      const level = levels.get(line.productId);
      return (failure.kind === 'unavailable' && index === failure.index) || !level || level.archived;
    });
    if (unavailable.length > 0) return { kind: 'unavailable', lineIndexes: unavailable };
    return {
      kind: 'out-of-stock',
      lineIndexes: failing((line, index) => index === failure.index || levels.get(line.productId)!.stock < line.quantity),
    };
  }
}

/**
 * The events go in with the pending order: the relay reads settled orders only, so they become
 * visible with the settle write, and vanish with the order when the placement is compensated.
 */
const pendingOrder = (request: PlacementRequest, idem: string, events: readonly DomainEvent[] | undefined): OrderDocument => ({
  _id: request.id,
  customerId: request.customerId,
  idempotencyKey: request.idempotencyKey,
  idem,
  placement: 'pending',
  pendingSince: new Date(),
  lines: request.lines.map(({ productId, quantity }) => ({ productId, quantity })),
  createdAt: request.at,
  updatedAt: request.at,
  ...outboxOf(events),
});
