import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { OrderStatus } from '../../../src/core/orders/order.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure, type Harness } from '../use-case-harness.js';

const stockOf = async (h: Harness, id: string) => (await h.getProduct.execute(id))!.stock;

/** A customer, a product with 10 units and an order of 4 of them, moved along to `status` by the operator. */
async function anOrderIn(h: Harness, status: OrderStatus = 'PLACED') {
  const customer = await h.aUser();
  const product = await h.aProduct({ stock: 10 });
  const order = await h.anOrder(customer.actor, [{ productId: product.id, quantity: 4 }]);
  const path: OrderStatus[] = ['PAID', 'SHIPPED', 'DELIVERED'];
  for (const next of path.slice(0, path.indexOf(status) + 1)) await h.setOrderStatus.execute(order.id, next, OPERATOR);
  if (status === 'CANCELLED') await h.cancelOrder.execute(order.id, OPERATOR);
  return { customer, product, order };
}

describe('cancel order', () => {
  it('lets the customer cancel a PLACED order and returns its units to stock', async () => {
    const h = createHarness();
    const { customer, product, order } = await anOrderIn(h);
    expect(await stockOf(h, product.id)).toBe(6);
    h.clock.advance(1000);
    const cancelled = await h.cancelOrder.execute(order.id, customer.actor);
    expect(cancelled).toEqual({ ...order, status: 'CANCELLED', updatedAt: h.clock.now() });
    expect(await stockOf(h, product.id)).toBe(10);
  });

  it('lets the customer, an ADMIN or the operator cancel a PAID order', async () => {
    const h = createHarness();
    const admin = (await h.aUser({ role: 'ADMIN' })).actor;
    for (const who of ['customer', 'admin', 'operator'] as const) {
      const { customer, product, order } = await anOrderIn(h, 'PAID');
      const actor = who === 'customer' ? customer.actor : who === 'admin' ? admin : OPERATOR;
      expect((await h.cancelOrder.execute(order.id, actor)).status).toBe('CANCELLED');
      expect(await stockOf(h, product.id)).toBe(10);
    }
  });

  it('refuses cancelling a CANCELLED, SHIPPED or DELIVERED order as CONFLICT, returning nothing again', async () => {
    const h = createHarness();
    for (const status of ['CANCELLED', 'SHIPPED', 'DELIVERED'] as const) {
      const { customer, product, order } = await anOrderIn(h, status);
      const before = await stockOf(h, product.id);
      await expectFailure(h.cancelOrder.execute(order.id, customer.actor), 'CONFLICT');
      await expectFailure(h.cancelOrder.execute(order.id, OPERATOR), 'CONFLICT');
      expect(await stockOf(h, product.id)).toBe(before);
      expect((await h.getOrder.execute(order.id, OPERATOR))!.status).toBe(status);
    }
  });

  it("answers NOT_FOUND to another customer, as if the order did not exist", async () => {
    const h = createHarness();
    const { product, order } = await anOrderIn(h);
    const stranger = (await h.aUser()).actor;
    await expectFailure(h.cancelOrder.execute(order.id, stranger), 'NOT_FOUND');
    expect(await stockOf(h, product.id)).toBe(6);
    expect((await h.getOrder.execute(order.id, OPERATOR))!.status).toBe('PLACED');
  });

  it('answers NOT_FOUND for an unknown or malformed id, and UNAUTHENTICATED without an actor', async () => {
    const h = createHarness();
    await expectFailure(h.cancelOrder.execute(newId(), OPERATOR), 'NOT_FOUND');
    await expectFailure(h.cancelOrder.execute('nope', OPERATOR), 'NOT_FOUND');
    await expectFailure(h.cancelOrder.execute(newId(), null), 'UNAUTHENTICATED');
  });

  it('returns the units once when two cancellations race: the loser gets CONFLICT', async () => {
    const h = createHarness();
    const { customer, product, order } = await anOrderIn(h);
    const results = await Promise.allSettled([h.cancelOrder.execute(order.id, customer.actor), h.cancelOrder.execute(order.id, OPERATOR)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.code).toBe('CONFLICT');
    expect(await stockOf(h, product.id)).toBe(10);
  });
});
