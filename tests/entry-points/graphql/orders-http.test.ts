/**
 * The orders half of orders.graphql over real HTTP: placing, reading, listing,
 * cancelling and moving orders, the sales report; each success and error shape
 * (codes and `fields` names from CONTRACT.md, "Catalog and orders"), and who
 * may see and do what.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { describeEachStore } from '../../support/stores.js';
import { DELETE_USER } from './documents.js';
import {
  CANCEL_ORDER,
  ORDER,
  ORDER_IDS,
  ORDERS,
  PLACE_ORDER,
  PRODUCT,
  SALES_REPORT,
  SET_ORDER_STATUS,
  UPDATE_PRODUCT,
} from './orders-documents.js';
import { codeOf, fieldsOf, useOrdersApi } from './orders-http.js';

describeEachStore('GraphQL orders over HTTP', (fixture) => {
  const api = useOrdersApi(fixture);
  const stockOf = async (id: string) => (await api.post(PRODUCT, { id })).body.data!.product!.stock;
  const orderCount = () => fixture().store.orders.count({});

  describe('placeOrder', () => {
    it("places an order for the caller, priced from the products, and takes the units from stock", async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { priceCents: 899, stock: 10 });
      const tea = await api.aProduct(admin, { priceCents: 450, stock: 5 });
      const answer = await api.post(PLACE_ORDER, { input: { lines: [{ productId: mug.id, quantity: 2 }, { productId: tea.id, quantity: 5 }] } }, user.accessToken);
      expect(answer.body.errors).toBeUndefined();
      const order = answer.body.data!.placeOrder;
      expect(order).toMatchObject({
        status: 'PLACED',
        totalCents: 2 * 899 + 5 * 450,
        customer: user.user,
        lines: [
          { quantity: 2, unitPriceCents: 899, totalCents: 1798, product: { ...mug, stock: 8, updatedAt: expect.any(String) } },
          { quantity: 5, unitPriceCents: 450, totalCents: 2250, product: { ...tea, stock: 0, updatedAt: expect.any(String) } },
        ],
      });
      expect([await stockOf(mug.id), await stockOf(tea.id)]).toEqual([8, 0]);
    });

    it('keeps the price of the placement when the product price changes later', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { priceCents: 899 });
      const order = await api.anOrder(user, [{ productId: mug.id, quantity: 1 }]);
      await api.post(UPDATE_PRODUCT, { id: mug.id, input: { priceCents: 2000 } }, admin.accessToken);
      const again = (await api.post(ORDER, { id: order.id }, user.accessToken)).body.data!.order!;
      expect(again).toMatchObject({ totalCents: 899, lines: [{ unitPriceCents: 899, product: { priceCents: 2000 } }] });
    });

    it('refuses an anonymous caller with UNAUTHENTICATED, reserving nothing', async () => {
      const admin = await api.anAdmin();
      const mug = await api.aProduct(admin, { stock: 3 });
      expect(codeOf(await api.post(PLACE_ORDER, { input: { lines: [{ productId: mug.id, quantity: 1 }] } }))).toBe('UNAUTHENTICATED');
      expect(await stockOf(mug.id)).toBe(3);
    });

    it('answers OUT_OF_STOCK naming each short line, reserving none of the lines', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const plenty = await api.aProduct(admin, { stock: 50 });
      const few = await api.aProduct(admin, { stock: 2 });
      const none = await api.aProduct(admin, { stock: 0 });
      const lines = [{ productId: few.id, quantity: 3 }, { productId: plenty.id, quantity: 1 }, { productId: none.id, quantity: 1 }];
      const answer = await api.post(PLACE_ORDER, { input: { lines } }, user.accessToken);
      expect(answer.status).toBe(200);
      expect(codeOf(answer)).toBe('OUT_OF_STOCK');
      expect(answer.body.errors![0]!.extensions).toEqual({
        code: 'OUT_OF_STOCK',
        fields: [
          { field: 'lines.0.quantity', message: expect.any(String) },
          { field: 'lines.2.quantity', message: expect.any(String) },
        ],
      });
      expect(answer.body.errors![0]!.path).toEqual(['placeOrder']);
      expect(answer.body.data).toBeNull();
      expect([await stockOf(few.id), await stockOf(plenty.id), await stockOf(none.id)]).toEqual([2, 50, 0]);
      expect(await orderCount()).toBe(0);
    });

    it('returns the first order for a repeated idempotency key, and CONFLICT for the key with other lines', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const first = await api.anOrder(user, [{ productId: mug.id, quantity: 2 }], 'checkout-1');
      const repeat = await api.anOrder(user, [{ productId: mug.id, quantity: 2 }], 'checkout-1');
      expect(repeat.id).toBe(first.id);
      expect(await stockOf(mug.id)).toBe(8);
      const other = await api.post(PLACE_ORDER, { input: { lines: [{ productId: mug.id, quantity: 3 }], idempotencyKey: 'checkout-1' } }, user.accessToken);
      expect(codeOf(other)).toBe('CONFLICT');
      expect(await stockOf(mug.id)).toBe(8);
      expect(await orderCount()).toBe(1);
    });

    it('shows each placement its own stock when one document places two orders (no stale batched read)', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const place = (alias: string) => `${alias}: placeOrder(input: { lines: [{ productId: "${mug.id}", quantity: 1 }] }) { lines { product { stock } } }`;
      const answer = await api.raw(`mutation { ${place('first')} ${place('second')} }`, {}, user.accessToken);
      expect(answer.body).toEqual({
        data: { first: { lines: [{ product: { stock: 9 } }] }, second: { lines: [{ product: { stock: 8 } }] } },
      });
    });
  });

  describe('order', () => {
    it('shows an order to its customer and to an ADMIN, and null to another user', async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const stranger = await api.aUser();
      const mug = await api.aProduct(admin);
      const order = await api.anOrder(customer, [{ productId: mug.id, quantity: 1 }]);
      expect((await api.post(ORDER, { id: order.id }, customer.accessToken)).body).toEqual({ data: { order } });
      expect((await api.post(ORDER, { id: order.id }, admin.accessToken)).body).toEqual({ data: { order } });
      expect((await api.post(ORDER, { id: order.id }, stranger.accessToken)).body).toEqual({ data: { order: null } });
    });

    it('is null for an unknown or malformed id, and UNAUTHENTICATED without a token', async () => {
      const user = await api.aUser();
      expect((await api.post(ORDER, { id: newId() }, user.accessToken)).body).toEqual({ data: { order: null } });
      expect((await api.post(ORDER, { id: 'nope' }, user.accessToken)).body).toEqual({ data: { order: null } });
      expect(codeOf(await api.post(ORDER, { id: newId() }))).toBe('UNAUTHENTICATED');
    });

    it("shows a null customer once the customer is deleted, keeping the order", async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const mug = await api.aProduct(admin);
      const order = await api.anOrder(customer, [{ productId: mug.id, quantity: 1 }]);
      expect((await api.post(DELETE_USER, { id: customer.user.id }, customer.accessToken)).body.errors).toBeUndefined();
      expect((await api.post(ORDER, { id: order.id }, admin.accessToken)).body).toEqual({ data: { order: { ...order, customer: null } } });
    });
  });

  describe('orders', () => {
    it("lists a USER's own orders newest first, and every order to an ADMIN, with paging and the count", async () => {
      const admin = await api.anAdmin();
      const ada = await api.aUser();
      const bob = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 100 });
      const placed = [];
      for (const customer of [ada, bob, ada]) placed.push(await api.anOrder(customer, [{ productId: mug.id, quantity: 1 }]));
      const own = (await api.post(ORDERS, {}, ada.accessToken)).body.data!.orders;
      expect(own.edges.map(({ node }) => node.id)).toEqual([placed[2]!.id, placed[0]!.id]);
      expect(own.totalCount).toBe(2);
      const first = (await api.post(ORDERS, { first: 2 }, admin.accessToken)).body.data!.orders;
      expect(first.edges.map(({ node }) => node.id)).toEqual([placed[2]!.id, placed[1]!.id]);
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const rest = (await api.post(ORDER_IDS, { first: 2, after: first.pageInfo.endCursor }, admin.accessToken)).body.data!.orders;
      expect(rest.edges.map(({ node }) => node.id)).toEqual([placed[0]!.id]);
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });

    it("filters by status, and by customer for an ADMIN; a USER naming another's id gets FORBIDDEN, its own is fine", async () => {
      const admin = await api.anAdmin();
      const ada = await api.aUser();
      const bob = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 100 });
      const adas = await api.anOrder(ada, [{ productId: mug.id, quantity: 1 }]);
      const bobs = await api.anOrder(bob, [{ productId: mug.id, quantity: 1 }]);
      await api.post(CANCEL_ORDER, { id: bobs.id }, bob.accessToken);
      const ids = async (variables: Record<string, unknown>, token: string) =>
        (await api.post(ORDERS, variables, token)).body.data!.orders.edges.map(({ node }) => node.id);
      expect(await ids({ customerId: bob.user.id }, admin.accessToken)).toEqual([bobs.id]);
      expect(await ids({ status: 'CANCELLED' }, admin.accessToken)).toEqual([bobs.id]);
      expect(await ids({ status: 'PLACED' }, admin.accessToken)).toEqual([adas.id]);
      expect(await ids({ customerId: ada.user.id }, ada.accessToken)).toEqual([adas.id]);
      const forbidden = await api.post(ORDERS, { customerId: bob.user.id }, ada.accessToken);
      expect(codeOf(forbidden)).toBe('FORBIDDEN');
      expect(forbidden.body.data).toBeNull();
    });

    it('refuses first 0 or 101 with BAD_USER_INPUT naming first, an unknown status as invalid, and no token with UNAUTHENTICATED', async () => {
      const user = await api.aUser();
      for (const first of [0, 101]) {
        const answer = await api.post(ORDERS, { first }, user.accessToken);
        expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['first']]);
      }
      const badStatus = await api.raw('query($s: OrderStatus) { orders(status: $s) { totalCount } }', { s: 'LOST' }, user.accessToken);
      expect([badStatus.status, badStatus.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
      expect(codeOf(await api.post(ORDERS, {}))).toBe('UNAUTHENTICATED');
    });
  });

  describe('cancelOrder', () => {
    it('lets the customer cancel a PLACED order, returning the units once; a second cancel is CONFLICT', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const order = await api.anOrder(user, [{ productId: mug.id, quantity: 4 }]);
      const answer = await api.post(CANCEL_ORDER, { id: order.id }, user.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.cancelOrder).toMatchObject({ id: order.id, status: 'CANCELLED', lines: [{ product: { stock: 10 } }] });
      expect(codeOf(await api.post(CANCEL_ORDER, { id: order.id }, user.accessToken))).toBe('CONFLICT');
      expect(await stockOf(mug.id)).toBe(10);
    });

    it('lets an ADMIN cancel a PAID order; a SHIPPED one is CONFLICT', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const paid = await api.anOrder(user, [{ productId: mug.id, quantity: 1 }]);
      await api.post(SET_ORDER_STATUS, { id: paid.id, status: 'PAID' }, admin.accessToken);
      expect((await api.post(CANCEL_ORDER, { id: paid.id }, admin.accessToken)).body.data!.cancelOrder.status).toBe('CANCELLED');
      const shipped = await api.anOrder(user, [{ productId: mug.id, quantity: 1 }]);
      for (const status of ['PAID', 'SHIPPED'] as const) await api.post(SET_ORDER_STATUS, { id: shipped.id, status }, admin.accessToken);
      expect(codeOf(await api.post(CANCEL_ORDER, { id: shipped.id }, user.accessToken))).toBe('CONFLICT');
      expect(await stockOf(mug.id)).toBe(9);
    });

    it("answers NOT_FOUND for another customer's order and an unknown id, UNAUTHENTICATED without a token", async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const stranger = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const order = await api.anOrder(customer, [{ productId: mug.id, quantity: 1 }]);
      expect(codeOf(await api.post(CANCEL_ORDER, { id: order.id }, stranger.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await api.post(CANCEL_ORDER, { id: newId() }, stranger.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await api.post(CANCEL_ORDER, { id: order.id }))).toBe('UNAUTHENTICATED');
      expect((await api.post(ORDER, { id: order.id }, customer.accessToken)).body.data!.order!.status).toBe('PLACED');
    });
  });

  describe('setOrderStatus', () => {
    it('moves an order PLACED → PAID → SHIPPED → DELIVERED for an ADMIN, one step at a time', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin);
      const order = await api.anOrder(user, [{ productId: mug.id, quantity: 1 }]);
      for (const status of ['PAID', 'SHIPPED', 'DELIVERED'] as const) {
        const answer = await api.post(SET_ORDER_STATUS, { id: order.id, status }, admin.accessToken);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data!.setOrderStatus.status).toBe(status);
      }
    });

    it('answers CONFLICT for a skipped step (PLACED → SHIPPED), CANCELLED, and the status it already has, changing nothing', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { stock: 10 });
      const order = await api.anOrder(user, [{ productId: mug.id, quantity: 1 }]);
      for (const status of ['SHIPPED', 'DELIVERED', 'CANCELLED', 'PLACED'] as const) {
        expect(codeOf(await api.post(SET_ORDER_STATUS, { id: order.id, status }, admin.accessToken)), status).toBe('CONFLICT');
      }
      expect((await api.post(ORDER, { id: order.id }, user.accessToken)).body.data!.order!.status).toBe('PLACED');
      expect(await stockOf(mug.id)).toBe(9);
    });

    it("answers FORBIDDEN to the customer, NOT_FOUND to another user and for an unknown id", async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const stranger = await api.aUser();
      const mug = await api.aProduct(admin);
      const order = await api.anOrder(customer, [{ productId: mug.id, quantity: 1 }]);
      expect(codeOf(await api.post(SET_ORDER_STATUS, { id: order.id, status: 'PAID' }, customer.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await api.post(SET_ORDER_STATUS, { id: order.id, status: 'PAID' }, stranger.accessToken))).toBe('NOT_FOUND');
      expect(codeOf(await api.post(SET_ORDER_STATUS, { id: newId(), status: 'PAID' }, admin.accessToken))).toBe('NOT_FOUND');
      expect((await api.post(ORDER, { id: order.id }, customer.accessToken)).body.data!.order!.status).toBe('PLACED');
    });
  });

  describe('salesReport', () => {
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();

    it('sums units, revenue and orders per product over non-cancelled orders, best-selling first, with the product', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const mug = await api.aProduct(admin, { priceCents: 1000, stock: 100 });
      const tea = await api.aProduct(admin, { priceCents: 300, stock: 100 });
      await api.anOrder(user, [{ productId: mug.id, quantity: 1 }, { productId: tea.id, quantity: 2 }]);
      await api.anOrder(user, [{ productId: mug.id, quantity: 2 }]);
      const cancelled = await api.anOrder(user, [{ productId: tea.id, quantity: 50 }]);
      await api.post(CANCEL_ORDER, { id: cancelled.id }, user.accessToken);
      const answer = await api.post(SALES_REPORT, { from, to }, admin.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.salesReport).toEqual([
        { unitsSold: 3, revenueCents: 3000, orderCount: 2, product: { id: mug.id, sku: mug.sku } },
        { unitsSold: 2, revenueCents: 600, orderCount: 1, product: { id: tea.id, sku: tea.sku } },
      ]);
    });

    it('refuses a USER with FORBIDDEN and no token with UNAUTHENTICATED', async () => {
      const user = await api.aUser();
      expect(codeOf(await api.post(SALES_REPORT, { from, to }, user.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await api.post(SALES_REPORT, { from, to }))).toBe('UNAUTHENTICATED');
    });

    it('refuses an empty, reversed or over-366-day range with BAD_USER_INPUT naming to, and a malformed date as invalid', async () => {
      const admin = await api.anAdmin();
      const longAfter = new Date(Date.parse(from) + 367 * 86_400_000).toISOString();
      for (const range of [{ from, to: from }, { from: to, to: from }, { from, to: longAfter }]) {
        const answer = await api.post(SALES_REPORT, range, admin.accessToken);
        expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['to']]);
      }
      const malformed = await api.raw('query($f: DateTime!, $t: DateTime!) { salesReport(from: $f, to: $t) { orderCount } }', { f: 'yesterday', t: to }, admin.accessToken);
      expect([malformed.status, malformed.body.errors?.[0]?.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    });
  });
});
