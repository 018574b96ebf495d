import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { PlaceOrderInput } from '../../../src/core/orders/place-order.js';
import { OutOfStockError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure, type Harness, UUID_V7 } from '../use-case-harness.js';

const stockOf = async (h: Harness, id: string) => (await h.getProduct.execute(id))!.stock;
const line = (productId: string, quantity = 1) => ({ productId, quantity });

describe('place order', () => {
  it('places an order for the caller, priced from the products, and reserves the units', async () => {
    const h = createHarness();
    const { user, actor } = await h.aUser();
    const a = await h.aProduct({ priceCents: 250, stock: 5 });
    const b = await h.aProduct({ priceCents: 1_000_000, stock: 100 });
    const placed = await h.placeOrder.execute({ lines: [line(a.id, 2), line(b.id, 100)] }, actor);
    expect(placed).toEqual({
      created: true,
      order: {
        id: expect.stringMatching(UUID_V7),
        customerId: user.id,
        status: 'PLACED',
        lines: [
          { productId: a.id, quantity: 2, unitPriceCents: 250, totalCents: 500 },
          { productId: b.id, quantity: 100, unitPriceCents: 1_000_000, totalCents: 100_000_000 },
        ],
        totalCents: 100_000_500,
        createdAt: h.clock.now(),
        updatedAt: h.clock.now(),
      },
    });
    expect(placed.order).not.toHaveProperty('idempotencyKey');
    expect([await stockOf(h, a.id), await stockOf(h, b.id)]).toEqual([3, 0]);
  });

  it('keeps the price of the placement when the product price changes later', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct({ priceCents: 100 });
    const order = await h.anOrder(actor, [{ productId: product.id, quantity: 3 }]);
    await h.updateProduct.execute(product.id, { priceCents: 999 }, OPERATOR);
    expect((await h.getOrder.execute(order.id, actor))!.lines[0]).toMatchObject({ unitPriceCents: 100, totalCents: 300 });
  });

  it('requires an authenticated user (the operator is nobody\'s account)', async () => {
    const h = createHarness();
    const product = await h.aProduct();
    await expectFailure(h.placeOrder.execute({ lines: [line(product.id)] }, null), 'UNAUTHENTICATED');
    await expectFailure(h.placeOrder.execute({ lines: [line(product.id)] }, OPERATOR), 'FORBIDDEN');
    expect(await stockOf(h, product.id)).toBe(10);
  });

  it('takes 1 to 20 lines; none, 21 or not a list is BAD_USER_INPUT on lines', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const products = [];
    for (let i = 0; i < 21; i++) products.push(await h.aProduct());
    const twenty = products.slice(0, 20).map((p) => line(p.id));
    expect((await h.placeOrder.execute({ lines: twenty }, actor)).order.lines).toHaveLength(20);
    for (const lines of [[], products.map((p) => line(p.id)), null, undefined, 'lines', { 0: line(products[0]!.id) }]) {
      await expectFailure(h.placeOrder.execute({ lines } as unknown as PlaceOrderInput, actor), 'BAD_USER_INPUT', ['lines']);
    }
    expect(await stockOf(h, products[20]!.id)).toBe(10);
  });

  it('refuses negative, zero, huge, fractional and string quantities, naming the line', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [a, b] = [await h.aProduct({ stock: 1000 }), await h.aProduct({ stock: 1000 })];
    expect((await h.placeOrder.execute({ lines: [line(a.id, 100)] }, actor)).created).toBe(true);
    for (const quantity of [0, -1, 101, 1_000_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined, {}]) {
      const lines = [line(a.id, 1), { productId: b.id, quantity: quantity as number }];
      await expectFailure(h.placeOrder.execute({ lines }, actor), 'BAD_USER_INPUT', ['lines.1.quantity']);
    }
    expect([await stockOf(h, a.id), await stockOf(h, b.id)]).toEqual([900, 1000]);
  });

  it('refuses a product given twice, naming the later line', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [a, b] = [await h.aProduct(), await h.aProduct()];
    await expectFailure(
      h.placeOrder.execute({ lines: [line(a.id), line(b.id), line(a.id, 2)] }, actor),
      'BAD_USER_INPUT',
      ['lines.2.productId'],
    );
    expect(await stockOf(h, a.id)).toBe(10);
  });

  it('refuses unknown, archived and malformed products as BAD_USER_INPUT naming their lines, reserving nothing', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const live = await h.aProduct();
    const archived = await h.aProduct();
    await h.updateProduct.execute(archived.id, { archived: true }, OPERATOR);
    await expectFailure(h.placeOrder.execute({ lines: [line(live.id), line(newId())] }, actor), 'BAD_USER_INPUT', ['lines.1.productId']);
    await expectFailure(h.placeOrder.execute({ lines: [line(archived.id), line(live.id)] }, actor), 'BAD_USER_INPUT', ['lines.0.productId']);
    for (const productId of ['nope', '', "' OR 1=1 --", 42, null, { $ne: '' }]) {
      await expectFailure(
        h.placeOrder.execute({ lines: [line(live.id), { productId: productId as string, quantity: 1 }] }, actor),
        'BAD_USER_INPUT',
        ['lines.1.productId'],
      );
    }
    expect(await stockOf(h, live.id)).toBe(10);
    expect(await h.store.orders.count({})).toBe(0);
  });

  it('answers OUT_OF_STOCK naming every short line, and reserves nothing', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [a, b, c] = [await h.aProduct({ stock: 5 }), await h.aProduct({ stock: 1 }), await h.aProduct({ stock: 0 })];
    const error = await expectFailure(h.placeOrder.execute({ lines: [line(a.id, 5), line(b.id, 2), line(c.id, 1)] }, actor), 'OUT_OF_STOCK');
    expect(error).toBeInstanceOf(OutOfStockError);
    expect((error as OutOfStockError).fields.map((f) => f.field)).toEqual(['lines.1.quantity', 'lines.2.quantity']);
    expect([await stockOf(h, a.id), await stockOf(h, b.id), await stockOf(h, c.id)]).toEqual([5, 1, 0]);
    expect(await h.store.orders.count({})).toBe(0);
  });

  it('sells exactly the units in stock when placements race for the last ones', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct({ stock: 3 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.placeOrder.execute({ lines: [line(product.id)] }, actor)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(OutOfStockError);
    expect(await stockOf(h, product.id)).toBe(0);
  });

  it('answers the first order, not created, to a repeat with the same key and the same lines in any order', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [a, b] = [await h.aProduct(), await h.aProduct()];
    const first = await h.placeOrder.execute({ lines: [line(a.id, 2), line(b.id, 3)], idempotencyKey: 'checkout-1' }, actor);
    h.clock.advance(1000);
    const repeat = await h.placeOrder.execute({ lines: [line(b.id, 3), line(a.id, 2)], idempotencyKey: 'checkout-1' }, actor);
    expect(repeat).toEqual({ order: first.order, created: false });
    expect([await stockOf(h, a.id), await stockOf(h, b.id)]).toEqual([8, 7]);
  });

  it('refuses the same key with other lines as CONFLICT, reserving nothing', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [a, b] = [await h.aProduct(), await h.aProduct()];
    await h.placeOrder.execute({ lines: [line(a.id, 2)], idempotencyKey: 'k' }, actor);
    for (const lines of [[line(a.id, 3)], [line(a.id, 2), line(b.id, 1)], [line(b.id, 2)]]) {
      await expectFailure(h.placeOrder.execute({ lines, idempotencyKey: 'k' }, actor), 'CONFLICT');
    }
    expect([await stockOf(h, a.id), await stockOf(h, b.id)]).toEqual([8, 10]);
    expect(await h.store.orders.count({})).toBe(1);
  });

  it('keeps keys per customer', async () => {
    const h = createHarness();
    const [ada, bob] = [(await h.aUser()).actor, (await h.aUser()).actor];
    const product = await h.aProduct();
    const adas = await h.placeOrder.execute({ lines: [line(product.id)], idempotencyKey: 'same' }, ada);
    const bobs = await h.placeOrder.execute({ lines: [line(product.id)], idempotencyKey: 'same' }, bob);
    expect(bobs.created).toBe(true);
    expect(bobs.order.id).not.toBe(adas.order.id);
  });

  it('binds no key when a placement fails: a retry with the same key places the order', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct({ stock: 1 });
    await expectFailure(h.placeOrder.execute({ lines: [line(product.id, 2)], idempotencyKey: 'retry' }, actor), 'OUT_OF_STOCK');
    await h.restockProduct.execute(product.id, 1, OPERATOR);
    expect((await h.placeOrder.execute({ lines: [line(product.id, 2)], idempotencyKey: 'retry' }, actor)).created).toBe(true);
  });

  it('answers one order to racing placements with one key', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct({ stock: 50 });
    const placements = await Promise.all(
      Array.from({ length: 10 }, () => h.placeOrder.execute({ lines: [line(product.id, 2)], idempotencyKey: 'race' }, actor)),
    );
    expect(new Set(placements.map((p) => p.order.id)).size).toBe(1);
    expect(placements.filter((p) => p.created)).toHaveLength(1);
    expect(await stockOf(h, product.id)).toBe(48);
  });

  it('takes keys of 1 to 100 characters; anything else is BAD_USER_INPUT on idempotencyKey', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct();
    expect((await h.placeOrder.execute({ lines: [line(product.id)], idempotencyKey: 'k'.repeat(100) }, actor)).created).toBe(true);
    expect((await h.placeOrder.execute({ lines: [line(product.id)], idempotencyKey: null }, actor)).created).toBe(true);
    for (const idempotencyKey of ['', 'k'.repeat(101), 42, { $ne: '' }, 'nul\u0000', '\uD800']) {
      await expectFailure(
        h.placeOrder.execute({ lines: [line(product.id)], idempotencyKey: idempotencyKey as string }, actor),
        'BAD_USER_INPUT',
        ['idempotencyKey'],
      );
    }
  });

  it('refuses fields that cannot be set, in the input and in a line', async () => {
    const h = createHarness();
    const { actor, user } = await h.aUser();
    const product = await h.aProduct();
    await expectFailure(
      h.placeOrder.execute({ lines: [line(product.id)], customerId: user.id } as PlaceOrderInput, actor),
      'BAD_USER_INPUT',
      ['customerId'],
    );
    await expectFailure(
      h.placeOrder.execute({ lines: [{ ...line(product.id), unitPriceCents: 0 }] } as unknown as PlaceOrderInput, actor),
      'BAD_USER_INPUT',
      ['lines.0.unitPriceCents'],
    );
    await expectFailure(h.placeOrder.execute({ lines: ['x'] } as unknown as PlaceOrderInput, actor), 'BAD_USER_INPUT', ['lines.0']);
    await expectFailure(h.placeOrder.execute(null as unknown as PlaceOrderInput, actor), 'BAD_USER_INPUT', []);
  });
});
