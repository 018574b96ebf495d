import { STOCK_MAX } from '../../core/catalog/product.js';
import type { DomainEvent } from '../../core/events/domain-event.js';
import type {
  OrderFilter,
  OrderRepository,
  PlacementOutcome,
  ProductSalesRow,
  StatusChange,
} from '../../core/orders/order-repository.js';
import { placedOrder, type OrderRecord, type PlacementRequest } from '../../core/orders/order.js';
import type { PagePosition } from '../../core/shared/paging.js';
import { noFaults, type FaultHook } from '../shared/fault-hook.js';
import { Prisma, type Order as OrderRow, type PrismaClient } from './generated/client.js';
import { isUniqueViolation } from './prisma-errors.js';
import { insertEventsIfChanged, outboxRows } from './prisma-outbox.js';
import { ORDER_WITH_LINES, toOrderRecord } from './records.js';

/**
 * Prisma's interactive-transaction limits: `maxWait` to get a transaction (a pool connection; on
 * PGlite, its one session), `timeout` for the transaction itself. Each opener picks its own
 * (postgres-store.ts, embedded-store.ts).
 */
export interface TransactionLimits {
  maxWait: number;
  timeout: number;
}

/** Thrown out of the placement transaction to roll it back with an answer for the caller. */
class Refused extends Error {
  constructor(readonly outcome: PlacementOutcome) {
    super(outcome.kind);
  }
}

/** The order insert hit the (customer_id, idempotency_key) index: the key belongs to a committed order. */
class KeyTaken extends Error {}

const byProductId = (a: { productId: string }, b: { productId: string }) =>
  a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0;

function whereOf(filter: OrderFilter): Prisma.OrderWhereInput {
  const where: Prisma.OrderWhereInput = {};
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.customerId !== undefined) where.customerId = filter.customerId;
  return where;
}

/**
 * Strictly before `after` in (createdAt, id) descending. Prisma cannot say the row comparison
 * `(created_at, id) < ($1, $2)`; the redundant `created_at <= $1` is what lets the index range
 * scan start at the cursor instead of filtering every newer row (a deep page: 30 ms -> 0.06 ms on
 * 100,000 orders).
 */
const before = (after: PagePosition): Prisma.OrderWhereInput => ({
  createdAt: { lte: after.createdAt },
  OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
});

/** orders' columns under the Order model's field names, for raw statements. */
const ORDER_COLUMNS = Prisma.raw(
  'id, customer_id AS "customerId", idempotency_key AS "idempotencyKey", status::text AS status, created_at AS "createdAt", updated_at AS "updatedAt"',
);

/** The change's events in its interactive transaction; none written (no round trip) when there are none. */
async function writeEvents(tx: Prisma.TransactionClient, events: readonly DomainEvent[]): Promise<void> {
  if (events.length > 0) await tx.outboxEvent.createMany({ data: outboxRows(events) });
}

interface SalesRow {
  productId: string;
  unitsSold: bigint;
  revenueCents: bigint;
  orderCount: number;
}

/** Per product, the sales of the orders not cancelled created in [from, to): the report's SELECT, FROM and WHERE. */
const salesOf = (from: Date, to: Date): Prisma.Sql => Prisma.sql`
  SELECT l.product_id AS "productId",
         sum(l.quantity)::bigint AS "unitsSold",
         sum(l.total_cents)::bigint AS "revenueCents",
         count(*)::int AS "orderCount"
    FROM order_lines l
    JOIN orders o ON o.id = l.order_id
   WHERE o.created_at >= ${from} AND o.created_at < ${to} AND o.status <> 'CANCELLED'`;

const toSalesRow = (row: SalesRow): ProductSalesRow => ({
  productId: row.productId,
  unitsSold: Number(row.unitsSold),
  revenueCents: Number(row.revenueCents),
  orderCount: row.orderCount,
});

/**
 * Orders in PostgreSQL: every multi-row write is one transaction, so a crash leaves nothing to
 * settle (settleUnfinished answers 0) and no read ever sees half a placement.
 */
export class PrismaOrderRepository implements OrderRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly limits: TransactionLimits,
    private readonly faults: FaultHook = noFaults,
  ) {}

  /**
   * One transaction: the order row first, then one conditional decrement per line in product-id
   * order, then the lines. Inserting the order first makes a racing placement with the same key
   * wait on the unique index for this transaction: a P2002 once it commits (the first order is
   * then read and answered), or its own insert once it rolls back. Locking products in one global
   * order keeps two placements from deadlocking over the same products. The events are written
   * last, so a refused or repeated placement (rolled back) leaves none.
   */
  async place(request: PlacementRequest, events: readonly DomainEvent[] = []): Promise<PlacementOutcome> {
    // The unique violation guarantees a committed order with this key, which the read below sees;
    // the retries only cover the impossible, bounded.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.prisma.$transaction((tx) => this.placeIn(tx, request, events), this.limits);
      } catch (error) {
        if (error instanceof Refused) return error.outcome;
        if (!(error instanceof KeyTaken) || request.idempotencyKey === null) throw error;
        const first = await this.prisma.order.findUnique({
          where: { customerId_idempotencyKey: { customerId: request.customerId, idempotencyKey: request.idempotencyKey } },
          include: ORDER_WITH_LINES,
        });
        if (first) return { kind: 'duplicate', order: toOrderRecord(first) };
        if (attempt === 3) throw new Error('Idempotency key reported taken, but no order holds it', { cause: error });
      }
    }
  }

  private async placeIn(tx: Prisma.TransactionClient, request: PlacementRequest, events: readonly DomainEvent[]): Promise<PlacementOutcome> {
    const { id, customerId, idempotencyKey, at } = request;
    try {
      await tx.order.create({ data: { id, customerId, idempotencyKey, status: 'PLACED', createdAt: at, updatedAt: at } });
    } catch (error) {
      // The id is fresh (made by the core), so the one unique index this insert can hit is the
      // key's (P2002 from a driver adapter does not say which index fired).
      if (idempotencyKey !== null && isUniqueViolation(error)) throw new KeyTaken('idempotency key taken', { cause: error });
      throw error;
    }
    await this.faults('placement:after-order-insert');

    const prices = new Map<string, number>();
    const reserved = new Set<number>();
    const inLockOrder = request.lines.map((line, index) => ({ ...line, index })).sort(byProductId);
    for (const [step, line] of inLockOrder.entries()) {
      // UPDATE ... WHERE id AND NOT archived AND stock >= q RETURNING price_cents: the check and
      // the decrement are one statement on the locked row, and the price is the one reserved at.
      const [row] = await tx.product.updateManyAndReturn({
        where: { id: line.productId, archived: false, stock: { gte: line.quantity } },
        data: { stock: { decrement: line.quantity } },
        select: { priceCents: true },
      });
      if (!row) throw new Refused(await shortLines(tx, request, reserved, line.index));
      prices.set(line.productId, row.priceCents);
      reserved.add(line.index);
      // <step> counts reservations in lock order (0 = the first product reserved), as in the MongoDB store.
      await this.faults(`placement:after-reserve:${step}`);
    }

    const order = placedOrder(request, (productId) => prices.get(productId)!);
    await tx.orderLine.createMany({
      data: order.lines.map((line, position) => ({ orderId: id, position, ...line })),
    });
    await writeEvents(tx, events);
    await this.faults('placement:before-commit');
    return { kind: 'placed', order };
  }

  async findById(id: string): Promise<OrderRecord | null> {
    const row = await this.prisma.order.findUnique({ where: { id }, include: ORDER_WITH_LINES });
    return row && toOrderRecord(row);
  }

  async changeStatus(id: string, change: StatusChange, events: readonly DomainEvent[] = []): Promise<OrderRecord | null> {
    if (change.to === 'CANCELLED') return this.prisma.$transaction((tx) => cancelIn(tx, id, change, events, this.faults), this.limits);
    // Compare-and-set: the status in the WHERE is re-checked on the locked row, so of racing
    // changes from one status exactly one moves it. With events, the same UPDATE in a WITH clause
    // whose INSERT writes them only if the compare-and-set hit: still one statement.
    const [row] =
      events.length === 0
        ? await this.prisma.order.updateManyAndReturn({
            where: { id, status: change.from },
            data: { status: change.to, updatedAt: change.at },
          })
        : await this.prisma.$queryRaw<OrderRow[]>`
            WITH changed AS (
              UPDATE orders SET status = ${change.to}::"OrderStatus", updated_at = ${change.at}::timestamptz
               WHERE id = ${id} AND status = ${change.from}::"OrderStatus"
              RETURNING ${ORDER_COLUMNS}
            ), events AS (${insertEventsIfChanged(events, 'changed')})
            SELECT * FROM changed`;
    if (!row) return null;
    // Lines never change once placed: reading them after the update cannot mix two states.
    const lines = await this.prisma.orderLine.findMany({ where: { orderId: id }, orderBy: { position: 'asc' } });
    return toOrderRecord({ ...row, lines });
  }

  async page({ limit, after, filter }: { limit: number; after?: PagePosition; filter: OrderFilter }): Promise<OrderRecord[]> {
    const where = whereOf(filter);
    const rows = await this.prisma.order.findMany({
      where: after ? { AND: [where, before(after)] } : where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      include: ORDER_WITH_LINES,
    });
    return rows.map(toOrderRecord);
  }

  count(filter: OrderFilter): Promise<number> {
    return this.prisma.order.count({ where: whereOf(filter) });
  }

  async salesReport({ from, to }: { from: Date; to: Date }): Promise<ProductSalesRow[]> {
    // One aggregation over the orders of the range (orders_created_at_id_idx) and their lines. A
    // product is on an order at most once (order_lines_order_id_product_id_key), so count(*) is
    // the number of orders. Sums are bigint (they may pass 2^31); ids compare as bytes (COLLATE
    // "C"), as every other store compares them.
    const rows = await this.prisma.$queryRaw<SalesRow[]>`
      ${salesOf(from, to)}
       GROUP BY l.product_id
       ORDER BY "revenueCents" DESC, "unitsSold" DESC, l.product_id COLLATE "C" ASC`;
    return rows.map(toSalesRow);
  }

  async salesPage({ from, to, afterProductId, limit }: { from: Date; to: Date; afterProductId?: string; limit: number }): Promise<ProductSalesRow[]> {
    // salesReport's aggregation, keyset by product id: '' sorts before every id in "C".
    const rows = await this.prisma.$queryRaw<SalesRow[]>`
      ${salesOf(from, to)}
         AND l.product_id COLLATE "C" > ${afterProductId ?? ''}
       GROUP BY l.product_id
       ORDER BY l.product_id COLLATE "C" ASC
       LIMIT ${limit}`;
    return rows.map(toSalesRow);
  }

  /** Every write here is one transaction: a crash leaves nothing unsettled. */
  async settleUnfinished(): Promise<number> {
    return 0;
  }
}

/**
 * Why a placement cannot go on, after the reservation of `failed` found nothing to decrement:
 * every line not reserved yet is checked, so the answer names all the short lines, not only the
 * first. Read in the transaction (its own decrements included); an unknown or archived product
 * wins over a short one. The failed line is short even if a restock has landed since.
 */
async function shortLines(
  tx: Prisma.TransactionClient,
  request: PlacementRequest,
  reserved: ReadonlySet<number>,
  failed: number,
): Promise<PlacementOutcome> {
  const pending = request.lines.map((line, index) => ({ ...line, index })).filter((line) => !reserved.has(line.index));
  const products = await tx.product.findMany({
    where: { id: { in: pending.map((line) => line.productId) } },
    select: { id: true, stock: true, archived: true },
  });
  const byId = new Map(products.map((product) => [product.id, product]));
  const unavailable: number[] = [];
  const outOfStock: number[] = [];
  for (const line of pending) {
    const product = byId.get(line.productId);
    if (!product || product.archived) unavailable.push(line.index);
    else if (product.stock < line.quantity || line.index === failed) outOfStock.push(line.index);
  }
  return unavailable.length > 0 ? { kind: 'unavailable', lineIndexes: unavailable } : { kind: 'out-of-stock', lineIndexes: outOfStock };
}

/**
 * Compare-and-set to CANCELLED and the units back to stock, in one transaction: the status change
 * wins for exactly one caller, so the units come back exactly once. Products in id order, as
 * placements lock them. A restock since the placement may leave too little room: stock stops at
 * STOCK_MAX (the CHECK constraint's bound) rather than failing the cancellation.
 */
async function cancelIn(
  tx: Prisma.TransactionClient,
  id: string,
  change: StatusChange,
  events: readonly DomainEvent[],
  faults: FaultHook,
): Promise<OrderRecord | null> {
  const [row] = await tx.order.updateManyAndReturn({
    where: { id, status: change.from },
    data: { status: change.to, updatedAt: change.at },
  });
  if (!row) return null;
  await writeEvents(tx, events);
  await faults('cancel:after-status');
  const lines = await tx.orderLine.findMany({ where: { orderId: id }, orderBy: { position: 'asc' } });
  for (const [step, line] of [...lines].sort(byProductId).entries()) {
    await tx.$executeRaw`UPDATE products SET stock = LEAST(stock + ${line.quantity}::int, ${STOCK_MAX}::int) WHERE id = ${line.productId}`;
    await faults(`cancel:after-return:${step}`);
  }
  return toOrderRecord({ ...row, lines });
}
