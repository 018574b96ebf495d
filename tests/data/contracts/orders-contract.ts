/**
 * The OrderRepository contract (with the users' batched read orders rely on),
 * written once and run on every store by tests/data/orders-store-contract.test.ts.
 * The races are the point: every store must sell exactly the units it has,
 * reserve all lines or none, and answer one order per idempotency key,
 * whether it has transactions or not.
 */
import { expect, it } from 'vitest';
import { STOCK_MAX } from '../../../src/core/catalog/product.js';
import type { OrderRecord } from '../../../src/core/orders/order.js';
import type { PlacementOutcome } from '../../../src/core/orders/order-repository.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { aCustomer, aPlacement, aProduct, at, stocked, stockOf } from './contract-data.js';

const ids = (records: { id: string }[]) => records.map((record) => record.id);

function placedOf(outcome: PlacementOutcome): OrderRecord {
  if (outcome.kind !== 'placed') throw new Error(`expected a placed order, got ${JSON.stringify(outcome)}`);
  return outcome.order;
}

export function ordersContract(fixture: () => StoreFixture): void {
  const store = () => fixture().store;
  const orders = () => store().orders;

  /** Places one order of `quantity` units of a fresh product (price 250) and answers both. */
  async function anOrder(overrides: { customerId?: string; at?: Date; quantity?: number } = {}) {
    const customerId = overrides.customerId ?? (await aCustomer(store())).id;
    const [product] = await stocked(store(), aProduct({ stock: 20 }));
    const order = placedOf(
      await orders().place(aPlacement(customerId, [{ productId: product!.id, quantity: overrides.quantity ?? 1 }], { at: overrides.at })),
    );
    return { order, product: product!, customerId };
  }

  it('places an order priced from the products, reserving every line', async () => {
    const customer = await aCustomer(store());
    const [a, b] = await stocked(store(), aProduct({ priceCents: 250, stock: 5 }), aProduct({ priceCents: 1_000_000, stock: 100 }));
    const request = aPlacement(customer.id, [{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 100 }], { idempotencyKey: 'key-1' });
    const order = placedOf(await orders().place(request));
    expect(order).toEqual({
      id: request.id,
      customerId: customer.id,
      idempotencyKey: 'key-1',
      status: 'PLACED',
      lines: [
        { productId: a!.id, quantity: 2, unitPriceCents: 250, totalCents: 500 },
        { productId: b!.id, quantity: 100, unitPriceCents: 1_000_000, totalCents: 100_000_000 },
      ],
      totalCents: 100_000_500,
      createdAt: request.at,
      updatedAt: request.at,
    });
    expect(await orders().findById(order.id)).toEqual(order);
    expect(await stockOf(store(), a!.id)).toBe(3);
    expect(await stockOf(store(), b!.id)).toBe(0);
  });

  it('keeps the price of the placement when the product price changes later', async () => {
    const { order, product } = await anOrder();
    await store().products.update(product.id, { priceCents: 9999, updatedAt: at(1) });
    expect((await orders().findById(order.id))!.lines[0]).toMatchObject({ unitPriceCents: 250, totalCents: 250 });
  });

  it('finds no order for an unknown or malformed id', async () => {
    await anOrder();
    expect(await orders().findById(newId())).toBeNull();
    for (const id of ['nope', '', "' OR 1=1 --", '507f1f77bcf86cd799439011']) expect(await orders().findById(id)).toBeNull();
  });

  it('answers unavailable for unknown and archived products, naming their lines, and changes nothing', async () => {
    const customer = await aCustomer(store());
    const [live, archived] = await stocked(store(), aProduct({ stock: 5 }), aProduct({ stock: 5, archived: true }));
    const lines = [
      { productId: live!.id, quantity: 1 },
      { productId: newId(), quantity: 1 },
      { productId: archived!.id, quantity: 1 },
    ];
    expect(await orders().place(aPlacement(customer.id, lines, { idempotencyKey: 'k' }))).toEqual({ kind: 'unavailable', lineIndexes: [1, 2] });
    expect(await stockOf(store(), live!.id)).toBe(5);
    expect(await stockOf(store(), archived!.id)).toBe(5);
    expect(await orders().count({})).toBe(0);
    // A failed placement binds no key.
    placedOf(await orders().place(aPlacement(customer.id, [{ productId: live!.id, quantity: 1 }], { idempotencyKey: 'k' })));
  });

  it('answers out-of-stock naming every short line, reserves nothing and binds no key', async () => {
    const customer = await aCustomer(store());
    const [a, b, c] = await stocked(store(), aProduct({ stock: 5 }), aProduct({ stock: 1 }), aProduct({ stock: 0 }));
    const lines = [
      { productId: a!.id, quantity: 5 },
      { productId: b!.id, quantity: 2 },
      { productId: c!.id, quantity: 1 },
    ];
    expect(await orders().place(aPlacement(customer.id, lines, { idempotencyKey: 'retry' }))).toEqual({ kind: 'out-of-stock', lineIndexes: [1, 2] });
    expect([await stockOf(store(), a!.id), await stockOf(store(), b!.id), await stockOf(store(), c!.id)]).toEqual([5, 1, 0]);
    expect(await orders().count({})).toBe(0);
    const retry = placedOf(await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 5 }], { idempotencyKey: 'retry' })));
    expect(retry.idempotencyKey).toBe('retry');
    expect(await stockOf(store(), a!.id)).toBe(0);
  });

  it('answers the first order for a repeated idempotency key of the same customer, whatever its lines', async () => {
    const customer = await aCustomer(store());
    const [a, b] = await stocked(store(), aProduct({ stock: 10 }), aProduct({ stock: 10 }));
    const first = placedOf(await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 2 }], { idempotencyKey: 'same' })));
    expect(await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 2 }], { idempotencyKey: 'same' }))).toEqual({
      kind: 'duplicate',
      order: first,
    });
    // Other lines: the store still answers the first order; the core compares and says CONFLICT.
    expect(await orders().place(aPlacement(customer.id, [{ productId: b!.id, quantity: 1 }], { idempotencyKey: 'same' }))).toEqual({
      kind: 'duplicate',
      order: first,
    });
    expect(await stockOf(store(), a!.id)).toBe(8);
    expect(await stockOf(store(), b!.id)).toBe(10);
    expect(await orders().count({})).toBe(1);
  });

  it('keeps idempotency keys per customer, and places orders without a key every time', async () => {
    const [ada, bob] = [await aCustomer(store()), await aCustomer(store())];
    const [product] = await stocked(store(), aProduct({ stock: 10 }));
    const lines = [{ productId: product!.id, quantity: 1 }];
    const adas = placedOf(await orders().place(aPlacement(ada.id, lines, { idempotencyKey: 'shared' })));
    const bobs = placedOf(await orders().place(aPlacement(bob.id, lines, { idempotencyKey: 'shared' })));
    expect(bobs.id).not.toBe(adas.id);
    placedOf(await orders().place(aPlacement(ada.id, lines)));
    placedOf(await orders().place(aPlacement(ada.id, lines)));
    expect(await orders().count({})).toBe(4);
    expect(await stockOf(store(), product!.id)).toBe(6);
  });

  it('sells exactly the units in stock to 50 racing placements of one unit', async () => {
    const customers = await Promise.all(Array.from({ length: 5 }, () => aCustomer(store())));
    const [product] = await stocked(store(), aProduct({ stock: 10 }));
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => orders().place(aPlacement(customers[i % 5]!.id, [{ productId: product!.id, quantity: 1 }]))),
    );
    expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'out-of-stock')).toHaveLength(40);
    expect(await stockOf(store(), product!.id)).toBe(0);
    expect(await orders().count({})).toBe(10);
  });

  it('reserves all lines or none when two-line orders race with their lines in opposite orders', async () => {
    const customer = await aCustomer(store());
    const [a, b] = await stocked(store(), aProduct({ stock: 6 }), aProduct({ stock: 4 }));
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const lines = [
          { productId: a!.id, quantity: 1 },
          { productId: b!.id, quantity: 1 },
        ];
        return orders().place(aPlacement(customer.id, i % 2 === 0 ? lines : lines.reverse()));
      }),
    );
    // No deadlock surfaced as an error, no partial reservation: the stock and the orders agree.
    expect(outcomes.every((o) => o.kind === 'placed' || o.kind === 'out-of-stock')).toBe(true);
    expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(4);
    const placed = await orders().page({ limit: 100, filter: {} });
    const unitsOf = (productId: string) =>
      placed.flatMap((order) => order.lines).filter((line) => line.productId === productId).reduce((sum, line) => sum + line.quantity, 0);
    expect((await stockOf(store(), a!.id)) + unitsOf(a!.id)).toBe(6);
    expect((await stockOf(store(), b!.id)) + unitsOf(b!.id)).toBe(4);
    expect(await stockOf(store(), b!.id)).toBe(0);
  });

  it('answers one order to 20 racing placements with one idempotency key', async () => {
    const customer = await aCustomer(store());
    const [product] = await stocked(store(), aProduct({ stock: 50 }));
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        orders().place(aPlacement(customer.id, [{ productId: product!.id, quantity: 2 }], { idempotencyKey: 'one-key' })),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'placed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(19);
    const named = new Set(outcomes.map((o) => ('order' in o ? o.order.id : o.kind)));
    expect(named.size).toBe(1);
    expect(await orders().count({})).toBe(1);
    expect(await stockOf(store(), product!.id)).toBe(48);
  });

  it('pages orders newest first, ties by id, strictly before the position given', async () => {
    const customer = await aCustomer(store());
    const old = await anOrder({ customerId: customer.id, at: at(1) });
    const tiedA = await anOrder({ customerId: customer.id, at: at(5) });
    const tiedB = await anOrder({ customerId: customer.id, at: at(5) });
    const newest = await anOrder({ customerId: customer.id, at: at(9) });
    const tied = ids([tiedA.order, tiedB.order]).sort().reverse();
    const all = await orders().page({ limit: 10, filter: {} });
    expect(ids(all)).toEqual([newest.order.id, ...tied, old.order.id]);
    expect(all[0]).toEqual(newest.order);
    const second = await orders().page({ limit: 2, after: all[1]!, filter: {} });
    expect(ids(second)).toEqual([tied[1], old.order.id]);
    expect(await orders().page({ limit: 2, after: old.order, filter: {} })).toEqual([]);
  });

  it('filters pages and counts by status and by customer', async () => {
    const [ada, bob] = [await aCustomer(store()), await aCustomer(store())];
    const adaPlaced = await anOrder({ customerId: ada.id });
    const adaPaid = await anOrder({ customerId: ada.id });
    const bobPaid = await anOrder({ customerId: bob.id });
    for (const { order } of [adaPaid, bobPaid]) await orders().changeStatus(order.id, { from: 'PLACED', to: 'PAID', at: at(50) });
    expect(ids(await orders().page({ limit: 10, filter: { customerId: ada.id } })).sort()).toEqual(ids([adaPlaced.order, adaPaid.order]).sort());
    expect(ids(await orders().page({ limit: 10, filter: { status: 'PAID' } })).sort()).toEqual(ids([adaPaid.order, bobPaid.order]).sort());
    expect(ids(await orders().page({ limit: 10, filter: { status: 'PAID', customerId: ada.id } }))).toEqual([adaPaid.order.id]);
    expect(await orders().count({})).toBe(3);
    expect(await orders().count({ customerId: bob.id })).toBe(1);
    expect(await orders().count({ status: 'PLACED' })).toBe(1);
    expect(await orders().count({ status: 'DELIVERED' })).toBe(0);
    expect(await orders().count({ customerId: newId() })).toBe(0);
  });

  it('changes a status by compare-and-set: the expected status moves it, any other changes nothing', async () => {
    const { order } = await anOrder();
    expect(await orders().changeStatus(order.id, { from: 'PAID', to: 'SHIPPED', at: at(10) })).toBeNull();
    expect(await orders().findById(order.id)).toEqual(order);
    const paid = await orders().changeStatus(order.id, { from: 'PLACED', to: 'PAID', at: at(11) });
    expect(paid).toEqual({ ...order, status: 'PAID', updatedAt: at(11) });
    expect(await orders().findById(order.id)).toEqual(paid);
    expect(await orders().changeStatus(newId(), { from: 'PLACED', to: 'PAID', at: at(12) })).toBeNull();
    expect(await orders().changeStatus('nope', { from: 'PLACED', to: 'PAID', at: at(12) })).toBeNull();
  });

  it('returns the units of a cancelled order to stock, once', async () => {
    const customer = await aCustomer(store());
    const [a, b] = await stocked(store(), aProduct({ stock: 10 }), aProduct({ stock: 10 }));
    const order = placedOf(
      await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 3 }, { productId: b!.id, quantity: 7 }])),
    );
    expect(await orders().changeStatus(order.id, { from: 'PLACED', to: 'CANCELLED', at: at(5) })).toMatchObject({ status: 'CANCELLED' });
    expect(await orders().changeStatus(order.id, { from: 'PLACED', to: 'CANCELLED', at: at(6) })).toBeNull();
    expect([await stockOf(store(), a!.id), await stockOf(store(), b!.id)]).toEqual([10, 10]);
  });

  it('caps the stock a cancellation returns at the maximum when a restock filled it meanwhile', async () => {
    const customer = await aCustomer(store());
    const [product] = await stocked(store(), aProduct({ stock: 10 }));
    const order = placedOf(await orders().place(aPlacement(customer.id, [{ productId: product!.id, quantity: 4 }])));
    expect(await store().products.restock(product!.id, STOCK_MAX - 6, at(5))).toMatchObject({ kind: 'restocked' });
    expect(await orders().changeStatus(order.id, { from: 'PLACED', to: 'CANCELLED', at: at(6) })).toMatchObject({ status: 'CANCELLED' });
    expect(await stockOf(store(), product!.id)).toBe(STOCK_MAX);
  });

  it('lets exactly one of 10 racing cancellations win and returns the units once', async () => {
    const customer = await aCustomer(store());
    const [product] = await stocked(store(), aProduct({ stock: 10 }));
    const order = placedOf(await orders().place(aPlacement(customer.id, [{ productId: product!.id, quantity: 4 }])));
    await orders().changeStatus(order.id, { from: 'PLACED', to: 'PAID', at: at(1) });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => orders().changeStatus(order.id, { from: 'PAID', to: 'CANCELLED', at: at(10 + i) })),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await stockOf(store(), product!.id)).toBe(10);
    expect((await orders().findById(order.id))!.status).toBe('CANCELLED');
  });

  it('reports sales per product over [from, to), without cancelled orders, best-selling first', async () => {
    const customer = await aCustomer(store());
    const [cheap, dear, tieA, tieB] = await stocked(
      store(),
      aProduct({ priceCents: 100, stock: 50 }),
      aProduct({ priceCents: 1000, stock: 50 }),
      aProduct({ priceCents: 300, stock: 50 }),
      aProduct({ priceCents: 100, stock: 50 }),
    );
    const place = async (when: number, lines: [string, number][]) =>
      placedOf(await orders().place(aPlacement(customer.id, lines.map(([productId, quantity]) => ({ productId, quantity })), { at: at(when) })));
    await place(0, [[cheap!.id, 5], [dear!.id, 1]]); // the first instant is inside [from, to)
    await place(10, [[cheap!.id, 2], [tieA!.id, 1], [tieB!.id, 3]]);
    const cancelled = await place(20, [[dear!.id, 9]]);
    await orders().changeStatus(cancelled.id, { from: 'PLACED', to: 'CANCELLED', at: at(21) });
    await place(100, [[dear!.id, 4]]); // `to` is outside
    await place(-1, [[cheap!.id, 40]]); // before `from`
    const rows = await orders().salesReport({ from: at(0), to: at(100) });
    // dear 1000; cheap 700 (7 units, 2 orders); tieA and tieB 300 each: tieB first on units (3 > 1).
    expect(rows).toEqual([
      { productId: dear!.id, unitsSold: 1, revenueCents: 1000, orderCount: 1 },
      { productId: cheap!.id, unitsSold: 7, revenueCents: 700, orderCount: 2 },
      { productId: tieB!.id, unitsSold: 3, revenueCents: 300, orderCount: 1 },
      { productId: tieA!.id, unitsSold: 1, revenueCents: 300, orderCount: 1 },
    ]);
    expect(await orders().salesReport({ from: at(1000), to: at(2000) })).toEqual([]);
  });

  it('breaks a full tie of revenue and units in a sales report by product id', async () => {
    const customer = await aCustomer(store());
    const made = await stocked(store(), aProduct({ priceCents: 100 }), aProduct({ priceCents: 100 }), aProduct({ priceCents: 100 }));
    await orders().place(aPlacement(customer.id, made.map((p) => ({ productId: p.id, quantity: 2 })), { at: at(1) }));
    const rows = await orders().salesReport({ from: at(0), to: at(10) });
    expect(rows.map((row) => row.productId)).toEqual(ids(made).sort());
  });

  it('pages the sales report by product id: the same rows as the report, in id order, after a given id', async () => {
    const customer = await aCustomer(store());
    const made = await stocked(store(), ...Array.from({ length: 5 }, (_, i) => aProduct({ priceCents: 100 * (i + 1), stock: 50 })));
    const place = async (when: number, lines: [string, number][]) =>
      placedOf(await orders().place(aPlacement(customer.id, lines.map(([productId, quantity]) => ({ productId, quantity })), { at: at(when) })));
    await place(1, made.map((p, i) => [p.id, i + 1]));
    await place(2, [[made[0]!.id, 3], [made[4]!.id, 1]]);
    const cancelled = await place(3, [[made[2]!.id, 9]]);
    await orders().changeStatus(cancelled.id, { from: 'PLACED', to: 'CANCELLED', at: at(4) });
    await place(100, [[made[1]!.id, 7]]); // `to` is outside
    const range = { from: at(0), to: at(100) };
    const report = await orders().salesReport(range);
    const byId = [...report].sort((a, b) => (a.productId < b.productId ? -1 : 1));

    const first = await orders().salesPage({ ...range, limit: 2 });
    const second = await orders().salesPage({ ...range, afterProductId: first[1]!.productId, limit: 2 });
    const third = await orders().salesPage({ ...range, afterProductId: second[1]!.productId, limit: 2 });
    expect([first, second, third]).toEqual([byId.slice(0, 2), byId.slice(2, 4), byId.slice(4)]);
    expect(third[0]).toEqual({ productId: byId[4]!.productId, unitsSold: byId[4]!.unitsSold, revenueCents: byId[4]!.revenueCents, orderCount: byId[4]!.orderCount });
    expect(await orders().salesPage({ ...range, afterProductId: third[0]!.productId, limit: 2 })).toEqual([]);
  });

  it('sums every figure of a sales page as the report does: units, revenue and orders per product', async () => {
    const customer = await aCustomer(store());
    const [a, b] = await stocked(store(), aProduct({ priceCents: 250, stock: 50 }), aProduct({ priceCents: 1000, stock: 50 }));
    await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 2 }, { productId: b!.id, quantity: 1 }], { at: at(1) }));
    await orders().place(aPlacement(customer.id, [{ productId: a!.id, quantity: 3 }], { at: at(2) }));
    const rows = await orders().salesPage({ from: at(0), to: at(10), limit: 10 });
    expect(rows).toEqual(
      [
        { productId: a!.id, unitsSold: 5, revenueCents: 1250, orderCount: 2 },
        { productId: b!.id, unitsSold: 1, revenueCents: 1000, orderCount: 1 },
      ].sort((x, y) => (x.productId < y.productId ? -1 : 1)),
    );
    expect(await orders().salesPage({ from: at(1000), to: at(2000), limit: 10 })).toEqual([]);
  });

  it('settles nothing when no placement was left unfinished', async () => {
    await anOrder();
    expect(await orders().settleUnfinished(new Date(Date.now() + 60_000))).toBe(0);
  });

  it("reads many users at once for orders' customers, skipping unknown, malformed and repeated ids", async () => {
    const [ada, bob] = [await aCustomer(store()), await aCustomer(store())];
    await aCustomer(store());
    const found = await store().users.findManyByIds([bob.id, newId(), ada.id, 'nope', bob.id]);
    expect(ids(found).sort()).toEqual(ids([ada, bob]).sort());
    expect(found.find((user) => user.id === ada.id)).toEqual(ada);
    expect(await store().users.findManyByIds([])).toEqual([]);
  });
}
