import { describe, expect, it, vi } from 'vitest';
import { type Actor, OPERATOR } from '../../../src/core/auth/actor.js';
import type { ListOrdersInput, OrderPage } from '../../../src/core/orders/list-orders.js';
import type { Order } from '../../../src/core/orders/order.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure, type Harness } from '../use-case-harness.js';

const pageIds = (page: OrderPage) => page.edges.map((edge) => edge.node.id);
const ids = (orders: Order[]) => orders.map((order) => order.id);

/** `count` orders by `actor`, one second apart, newest last. */
async function ordersOf(h: Harness, actor: Actor, count: number): Promise<Order[]> {
  const product = await h.aProduct({ stock: 100 });
  const made: Order[] = [];
  for (let i = 0; i < count; i++) {
    h.clock.advance(1000);
    made.push(await h.anOrder(actor, [{ productId: product.id }]));
  }
  return made;
}

async function walk(h: Harness, actor: Actor, input: ListOrdersInput): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: OrderPage = await h.listOrders.execute({ ...input, after }, actor);
    seen.push(...pageIds(page));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging does not end');
}

describe('list orders', () => {
  it("shows a USER its own orders only, newest first, with the total", async () => {
    const h = createHarness();
    const ada = (await h.aUser()).actor;
    const bob = (await h.aUser()).actor;
    const adas = await ordersOf(h, ada, 3);
    await ordersOf(h, bob, 2);
    const page = await h.listOrders.execute({}, ada);
    expect(pageIds(page)).toEqual(ids(adas).reverse());
    expect(page.totalCount).toBe(3);
    expect(page.edges[0]!.node).not.toHaveProperty('idempotencyKey');
  });

  it('shows ADMINs and the operator every order, or one customer\'s with customerId', async () => {
    const h = createHarness();
    const ada = (await h.aUser()).actor;
    const bob = (await h.aUser()).actor;
    const adas = await ordersOf(h, ada, 2);
    const bobs = await ordersOf(h, bob, 2);
    const admin = (await h.aUser({ role: 'ADMIN' })).actor;
    expect(pageIds(await h.listOrders.execute({}, admin))).toEqual(ids([...adas, ...bobs]).reverse());
    expect(pageIds(await h.listOrders.execute({ customerId: (bob as { id: string }).id }, OPERATOR))).toEqual(ids(bobs).reverse());
  });

  it("refuses a USER asking for another customer's orders as FORBIDDEN, and accepts its own id", async () => {
    const h = createHarness();
    const { actor, user } = await h.aUser();
    const other = (await h.aUser()).user;
    const mine = await ordersOf(h, actor, 1);
    await expectFailure(h.listOrders.execute({ customerId: other.id }, actor), 'FORBIDDEN');
    await expectFailure(h.listOrders.execute({ customerId: newId() }, actor), 'FORBIDDEN');
    expect(pageIds(await h.listOrders.execute({ customerId: user.id }, actor))).toEqual(ids(mine));
  });

  it('filters by status', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const [placed, paid] = await ordersOf(h, actor, 2);
    await h.setOrderStatus.execute(paid!.id, 'PAID', OPERATOR);
    const page = await h.listOrders.execute({ status: 'PAID' }, actor);
    expect([pageIds(page), page.totalCount]).toEqual([[paid!.id], 1]);
    expect(pageIds(await h.listOrders.execute({ status: 'PLACED' }, OPERATOR))).toEqual([placed!.id]);
    for (const status of ['LOST', 'paid', 5]) {
      await expectFailure(h.listOrders.execute({ status: status as 'PAID' }, actor), 'BAD_USER_INPUT', ['status']);
    }
  });

  it('pages newest first, ties broken by id, without gaps or repeats', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct({ stock: 100 });
    const tied: Order[] = [];
    for (let i = 0; i < 7; i++) tied.push(await h.anOrder(actor, [{ productId: product.id }]));
    expect(await walk(h, actor, { first: 3 })).toEqual(ids(tied).sort().reverse());
  });

  it('refuses a page size outside 1 to 100 and a bad cursor', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    for (const first of [0, 101, 2.5, '10']) {
      await expectFailure(h.listOrders.execute({ first: first as number }, actor), 'BAD_USER_INPUT', ['first']);
    }
    await expectFailure(h.listOrders.execute({ after: '!!' }, actor), 'BAD_USER_INPUT', ['after']);
  });

  it('answers an empty page for a malformed customer id without asking the store', async () => {
    const h = createHarness();
    await ordersOf(h, (await h.aUser()).actor, 1);
    const page = vi.spyOn(h.store.orders, 'page');
    expect(await h.listOrders.execute({ customerId: 'nope' }, OPERATOR)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
    expect(page).not.toHaveBeenCalled();
  });

  it('skips the count when the caller does not show the total', async () => {
    const h = createHarness();
    await ordersOf(h, (await h.aUser()).actor, 1);
    const count = vi.spyOn(h.store.orders, 'count');
    const page = await h.listOrders.execute({}, OPERATOR, { withTotal: false });
    expect([page.edges.length, page.totalCount]).toEqual([1, undefined]);
    expect(count).not.toHaveBeenCalled();
  });

  it('requires authentication', async () => {
    const h = createHarness();
    await expectFailure(h.listOrders.execute({}, null), 'UNAUTHENTICATED');
  });
});
