/**
 * Which events each use case records with its change, and that a refused
 * change records none (the store writes them in the same atomic step; these
 * tests read them back from the memory store's outbox).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { createHarness, expectFailure, type Harness, PASSWORD } from '../use-case-harness.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});

/** Type and payload of each event, in a fixed order: events of one instant come out in any order (their ids are random past the millisecond). */
const summary = (events: Awaited<ReturnType<Harness['takeEvents']>>) =>
  events.map((event) => ({ type: event.type, data: event.data as object })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const sorted = <T>(items: T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('users', () => {
  it('records user.registered on sign-up, at the time of the change, with a UUIDv7 id', async () => {
    const { user } = await h.aUser();
    const [event, ...rest] = await h.takeEvents();
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: 'user.registered', data: { userId: user.id }, at: h.clock.now() });
    expect(event!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records nothing for a sign-up refused as a duplicate', async () => {
    const { input } = await h.aUser();
    await h.takeEvents();
    await expectFailure(h.createUser.execute({ ...input, password: PASSWORD }), 'CONFLICT');
    expect(await h.takeEvents()).toEqual([]);
  });

  it('records user.password-changed for a new password, and nothing for a change of name', async () => {
    const { user, actor } = await h.aUser();
    await h.takeEvents();
    await h.updateUser.execute(user.id, { firstName: 'Grace' }, actor);
    expect(await h.takeEvents()).toEqual([]);
    await h.updateUser.execute(user.id, { password: 'another long password' }, actor);
    expect(summary(await h.takeEvents())).toEqual([{ type: 'user.password-changed', data: { userId: user.id } }]);
  });
});

describe('catalog', () => {
  it('records product.changed for create, update and restock', async () => {
    const product = await h.aProduct();
    await h.updateProduct.execute(product.id, { name: 'Renamed' }, OPERATOR);
    await h.restockProduct.execute(product.id, 5, OPERATOR);
    expect(summary(await h.takeEvents())).toEqual(
      sorted(['created', 'updated', 'restocked'].map((change) => ({ type: 'product.changed', data: { productId: product.id, change } }))),
    );
  });

  it('records nothing for a restock refused past the maximum', async () => {
    const product = await h.aProduct({ stock: 1_000_000 });
    await h.takeEvents();
    await expectFailure(h.restockProduct.execute(product.id, 1, OPERATOR), 'BAD_USER_INPUT', ['quantity']);
    expect(await h.takeEvents()).toEqual([]);
  });
});

describe('orders', () => {
  it('records order.placed and a stock change per product on placement', async () => {
    const { actor, user } = await h.aUser();
    const [a, b] = [await h.aProduct(), await h.aProduct()];
    await h.takeEvents();
    const order = await h.anOrder(actor, [{ productId: a.id }, { productId: b.id, quantity: 2 }]);
    expect(summary(await h.takeEvents())).toEqual(sorted([
      { type: 'order.placed', data: { orderId: order.id, customerId: user.id } },
      { type: 'product.changed', data: { productId: a.id, change: 'ordered' } },
      { type: 'product.changed', data: { productId: b.id, change: 'ordered' } },
    ]));
  });

  it('records nothing for a placement refused as out of stock, nor for a repeat with the same key', async () => {
    const { actor } = await h.aUser();
    const product = await h.aProduct({ stock: 1 });
    await h.anOrder(actor, [{ productId: product.id }], 'key-1');
    await h.takeEvents();
    await expectFailure(h.anOrder(actor, [{ productId: product.id }]), 'OUT_OF_STOCK');
    await h.anOrder(actor, [{ productId: product.id }], 'key-1');
    expect(await h.takeEvents()).toEqual([]);
  });

  it('records order.status-changed for a step, and order.cancelled with the returned stock for a cancellation', async () => {
    const { actor, user } = await h.aUser();
    const product = await h.aProduct();
    const order = await h.anOrder(actor, [{ productId: product.id }]);
    await h.takeEvents();
    await h.setOrderStatus.execute(order.id, 'PAID', OPERATOR);
    await h.cancelOrder.execute(order.id, actor);
    expect(summary(await h.takeEvents())).toEqual(sorted([
      { type: 'order.status-changed', data: { orderId: order.id, customerId: user.id, from: 'PLACED', to: 'PAID' } },
      { type: 'order.cancelled', data: { orderId: order.id, customerId: user.id, from: 'PAID' } },
      { type: 'product.changed', data: { productId: product.id, change: 'returned' } },
    ]));
  });

  it('records nothing for a status change the order’s state forbids', async () => {
    const { actor } = await h.aUser();
    const product = await h.aProduct();
    const order = await h.anOrder(actor, [{ productId: product.id }]);
    await h.cancelOrder.execute(order.id, actor);
    await h.takeEvents();
    await expectFailure(h.cancelOrder.execute(order.id, actor), 'CONFLICT');
    expect(await h.takeEvents()).toEqual([]);
  });
});
