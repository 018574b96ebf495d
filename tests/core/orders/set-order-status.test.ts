import { describe, expect, it, vi } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { OrderStatus } from '../../../src/core/orders/order.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure, type Harness } from '../use-case-harness.js';

async function anOrder(h: Harness) {
  const customer = await h.aUser();
  const product = await h.aProduct({ stock: 10 });
  const order = await h.anOrder(customer.actor, [{ productId: product.id, quantity: 2 }]);
  return { customer, product, order };
}

describe('set order status', () => {
  it('lets an ADMIN move an order PLACED → PAID → SHIPPED → DELIVERED, one step at a time', async () => {
    const h = createHarness();
    const { order, product } = await anOrder(h);
    const admin = (await h.aUser({ role: 'ADMIN' })).actor;
    for (const status of ['PAID', 'SHIPPED', 'DELIVERED'] as const) {
      h.clock.advance(1000);
      expect(await h.setOrderStatus.execute(order.id, status, admin)).toEqual({ ...order, status, updatedAt: h.clock.now() });
    }
    expect((await h.getProduct.execute(product.id))!.stock).toBe(8);
  });

  it('refuses a skip, a step back, the same status and any step from the end as CONFLICT', async () => {
    const h = createHarness();
    const { order } = await anOrder(h);
    const refused: [OrderStatus, OrderStatus[]][] = [
      ['PLACED', ['PLACED', 'SHIPPED', 'DELIVERED']],
      ['PAID', ['PAID', 'PLACED', 'DELIVERED']],
      ['SHIPPED', ['SHIPPED', 'PAID', 'PLACED']],
      ['DELIVERED', ['DELIVERED', 'SHIPPED', 'PLACED']],
    ];
    for (const [current, targets] of refused) {
      if (current !== 'PLACED') await h.setOrderStatus.execute(order.id, current, OPERATOR);
      for (const target of targets) await expectFailure(h.setOrderStatus.execute(order.id, target, OPERATOR), 'CONFLICT');
      expect((await h.getOrder.execute(order.id, OPERATOR))!.status).toBe(current);
    }
  });

  it('refuses CANCELLED as a target (cancelOrder does that) and any change of a cancelled order', async () => {
    const h = createHarness();
    const { order, product } = await anOrder(h);
    await expectFailure(h.setOrderStatus.execute(order.id, 'CANCELLED', OPERATOR), 'CONFLICT');
    expect((await h.getProduct.execute(product.id))!.stock).toBe(8);
    await h.cancelOrder.execute(order.id, OPERATOR);
    for (const status of ['PLACED', 'PAID', 'CANCELLED'] as const) {
      await expectFailure(h.setOrderStatus.execute(order.id, status, OPERATOR), 'CONFLICT');
    }
  });

  it("answers FORBIDDEN to the order's customer, and NOT_FOUND (decided first) to anyone else", async () => {
    const h = createHarness();
    const { order, customer } = await anOrder(h);
    await expectFailure(h.setOrderStatus.execute(order.id, 'PAID', customer.actor), 'FORBIDDEN');
    await expectFailure(h.setOrderStatus.execute(order.id, 'PAID', (await h.aUser()).actor), 'NOT_FOUND');
    await expectFailure(h.setOrderStatus.execute(newId(), 'PAID', customer.actor), 'NOT_FOUND');
    await expectFailure(h.setOrderStatus.execute(order.id, 'PAID', null), 'UNAUTHENTICATED');
    expect((await h.getOrder.execute(order.id, OPERATOR))!.status).toBe('PLACED');
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const h = createHarness();
    await expectFailure(h.setOrderStatus.execute(newId(), 'PAID', OPERATOR), 'NOT_FOUND');
    await expectFailure(h.setOrderStatus.execute('nope', 'PAID', OPERATOR), 'NOT_FOUND');
  });

  it('refuses a status that is not one as BAD_USER_INPUT on status', async () => {
    const h = createHarness();
    const { order } = await anOrder(h);
    for (const status of ['LOST', 'paid', '', 3, null]) {
      await expectFailure(h.setOrderStatus.execute(order.id, status as OrderStatus, OPERATOR), 'BAD_USER_INPUT', ['status']);
    }
  });

  it('lets one of two racing identical changes win; the other is CONFLICT', async () => {
    const h = createHarness();
    const { order } = await anOrder(h);
    const results = await Promise.allSettled([h.setOrderStatus.execute(order.id, 'PAID', OPERATOR), h.setOrderStatus.execute(order.id, 'PAID', OPERATOR)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('CONFLICT');
  });

  it('re-decides on the state a concurrent change left: gone is NOT_FOUND', async () => {
    const h = createHarness();
    const { order } = await anOrder(h);
    // The compare-and-set loses, and the re-read finds the order gone.
    vi.spyOn(h.store.orders, 'changeStatus').mockResolvedValueOnce(null);
    const findById = vi.spyOn(h.store.orders, 'findById');
    findById.mockImplementation(async (id) => (findById.mock.calls.length > 1 ? null : { ...order, id, idempotencyKey: null }));
    await expectFailure(h.setOrderStatus.execute(order.id, 'PAID', OPERATOR), 'NOT_FOUND');
  });

  it('re-decides on the state a concurrent change left: a state that still allows the change is changed', async () => {
    const h = createHarness();
    const { order, customer } = await anOrder(h);
    // Between the read and the write an ADMIN marks it PAID: cancelling a PAID order is still allowed.
    const changeStatus = h.store.orders.changeStatus.bind(h.store.orders);
    vi.spyOn(h.store.orders, 'changeStatus').mockImplementationOnce(async (id, change) => {
      await changeStatus(id, { from: 'PLACED', to: 'PAID', at: change.at });
      return changeStatus(id, change);
    });
    expect((await h.cancelOrder.execute(order.id, customer.actor)).status).toBe('CANCELLED');
  });
});
