import { describe, expect, it, vi } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { catalogHelpers, expectOrderJson, newestFirst } from './catalog-harness.js';
import { expectError, UNKNOWN_ID, useRestApi } from './rest-harness.js';

const line = (productId: string, quantity = 1) => ({ productId, quantity });
const orderIds = (body: { orders: { id: string }[] }) => body.orders.map((order) => order.id);
const idsNewestFirst = (...orders: { id: string; createdAt: string }[]) => newestFirst(orders).map((order) => order.id);

describeEachStore(
  'REST /api/orders',
  (fixture) => {
    const api = useRestApi(fixture);
    const shop = catalogHelpers(api);

    /** An ADMIN, a customer and two products with stock. */
    async function aShop(stock = 10) {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const [lamp, mug] = await shop.createProducts(admin.token, { priceCents: 4990, stock }, { priceCents: 1250, stock });
      return { admin, customer, lamp: lamp!, mug: mug! };
    }

    describe('POST /api/orders', () => {
      it('places an order for the caller: 201 {"order"} with the customer and each line\'s product embedded', async () => {
        const { customer, lamp, mug } = await aShop();
        const answer = await shop.placeOrder(customer.token, [line(lamp.id, 2), line(mug.id, 3)]);
        expect(answer.status, answer.text).toBe(201);
        expect(Object.keys(answer.body)).toEqual(['order']);
        const { order } = answer.body;
        expectOrderJson(order);
        expect(order.customer).toEqual(customer.user);
        expect(order.status).toBe('PLACED');
        expect(order.lines.map((l: any) => [l.product.id, l.quantity, l.unitPriceCents, l.totalCents])).toEqual([
          [lamp.id, 2, 4990, 9980],
          [mug.id, 3, 1250, 3750],
        ]);
        expect(order.totalCents).toBe(13730);
        // The embedded product is read after the reservation: its stock shows the units taken.
        expect(order.lines[0].product.stock).toBe(8);
        expect(await shop.stockOf(lamp.id)).toBe(8);
        expect(await shop.stockOf(mug.id)).toBe(7);
      });

      it('answers a repeat with the same Idempotency-Key with 200 and the first order, reserving once', async () => {
        const { customer, lamp } = await aShop();
        const first = await shop.placeOrder(customer.token, [line(lamp.id, 2)], 'checkout-1');
        expect(first.status, first.text).toBe(201);
        const repeat = await shop.placeOrder(customer.token, [line(lamp.id, 2)], 'checkout-1');
        expect(repeat.status, repeat.text).toBe(200);
        expect(repeat.body.order.id).toBe(first.body.order.id);
        expectOrderJson(repeat.body.order);
        expect(await shop.stockOf(lamp.id)).toBe(8);
      });

      it('keeps keys per customer: the same key from another customer places another order', async () => {
        const { customer, lamp } = await aShop();
        const other = await api.aUser();
        const first = await shop.placeOrder(customer.token, [line(lamp.id)], 'same-key');
        const second = await shop.placeOrder(other.token, [line(lamp.id)], 'same-key');
        expect([first.status, second.status]).toEqual([201, 201]);
        expect(second.body.order.id).not.toBe(first.body.order.id);
      });

      it('refuses the same key with other lines with 409 CONFLICT, reserving nothing more', async () => {
        const { customer, lamp } = await aShop();
        expect((await shop.placeOrder(customer.token, [line(lamp.id, 1)], 'k')).status).toBe(201);
        expectError(await shop.placeOrder(customer.token, [line(lamp.id, 2)], 'k'), 409, 'CONFLICT');
        expect(await shop.stockOf(lamp.id)).toBe(9);
      });

      it('reads the key only from the header: idempotencyKey in the body is 400', async () => {
        const { customer, lamp } = await aShop();
        const answer = await api.request('POST', '/api/orders', { json: { lines: [line(lamp.id)], idempotencyKey: 'k' }, token: customer.token });
        expectError(answer, 400, 'BAD_USER_INPUT', ['idempotencyKey']);
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it('refuses an Idempotency-Key over 100 characters with 400 on idempotencyKey', async () => {
        const { customer, lamp } = await aShop();
        expectError(await shop.placeOrder(customer.token, [line(lamp.id)], 'k'.repeat(101)), 400, 'BAD_USER_INPUT', ['idempotencyKey']);
      });

      it('is 409 OUT_OF_STOCK naming each short line, and reserves nothing', async () => {
        const { customer, lamp, mug } = await aShop(3);
        const answer = await shop.placeOrder(customer.token, [line(lamp.id, 2), line(mug.id, 4)]);
        expectError(answer, 409, 'OUT_OF_STOCK', ['lines.1.quantity']);
        expect(await shop.stockOf(lamp.id)).toBe(3);
        expect(await shop.stockOf(mug.id)).toBe(3);
      });

      it('is 401 without a token', async () => {
        const { lamp } = await aShop();
        expectError(await shop.placeOrder('', [line(lamp.id)]), 401, 'UNAUTHENTICATED');
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it('refuses an unknown or archived product with 400 naming its line', async () => {
        const { admin, customer, lamp, mug } = await aShop();
        await api.request('PATCH', `/api/products/${mug.id}`, { json: { archived: true }, token: admin.token });
        const answer = await shop.placeOrder(customer.token, [line(UNKNOWN_ID), line(lamp.id), line(mug.id)]);
        expectError(answer, 400, 'BAD_USER_INPUT', ['lines.0.productId', 'lines.2.productId']);
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it.each([
        ['an operator object for a quantity', (id: string) => [{ productId: id, quantity: { $gt: 0 } }], ['lines.0.quantity']],
        ['a string for a quantity', (id: string) => [{ productId: id, quantity: '2' }], ['lines.0.quantity']],
        ['a fractional quantity', (id: string) => [{ productId: id, quantity: 1.5 }], ['lines.0.quantity']],
        ['a quantity of 0', (id: string) => [line(id, 0)], ['lines.0.quantity']],
        ['a quantity over 100', (id: string) => [line(id, 101)], ['lines.0.quantity']],
        ['an operator object for a product id', () => [{ productId: { $ne: '' }, quantity: 1 }], ['lines.0.productId']],
        ['an unknown field in a line', (id: string) => [{ ...line(id), unitPriceCents: 1 }], ['lines.0.unitPriceCents']],
        ['a line without its quantity', (id: string) => [{ productId: id }], ['lines.0.quantity']],
        ['no lines', () => [], ['lines']],
        ['21 lines', (id: string) => Array.from({ length: 21 }, () => line(id)), ['lines']],
        ['lines that are not a list', () => ({ productId: 'x', quantity: 1 }), ['lines']],
      ])('refuses %s with 400 and reserves nothing', async (_what, lines, fields) => {
        const { customer, lamp } = await aShop();
        const answer = await api.request('POST', '/api/orders', { json: { lines: lines(lamp.id) }, token: customer.token });
        expectError(answer, 400, 'BAD_USER_INPUT', fields);
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it('refuses a product given twice with 400 naming the later line', async () => {
        const { customer, lamp, mug } = await aShop();
        const answer = await shop.placeOrder(customer.token, [line(lamp.id), line(mug.id), line(lamp.id, 2)]);
        expectError(answer, 400, 'BAD_USER_INPUT', ['lines.2.productId']);
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it('refuses a body without lines, naming lines', async () => {
        const { customer } = await aShop();
        expectError(await api.request('POST', '/api/orders', { json: {}, token: customer.token }), 400, 'BAD_USER_INPUT', ['lines']);
      });
    });

    describe('GET /api/orders/:id', () => {
      it('shows an order to its customer and to an ADMIN', async () => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        for (const token of [customer.token, admin.token]) {
          const answer = await api.request('GET', `/api/orders/${order.id}`, { token });
          expect(answer.status, answer.text).toBe(200);
          expect(Object.keys(answer.body)).toEqual(['order']);
          expectOrderJson(answer.body.order);
          expect(answer.body.order.id).toBe(order.id);
          expect(answer.body.order.customer).toEqual(customer.user);
        }
      });

      it("is 404 for another customer's order, as if it did not exist", async () => {
        const { customer, lamp } = await aShop();
        const stranger = await api.aUser();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expectError(await api.request('GET', `/api/orders/${order.id}`, { token: stranger.token }), 404, 'NOT_FOUND');
      });

      it('is 401 without a token and 404 for an unknown or malformed id', async () => {
        const { customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expectError(await api.request('GET', `/api/orders/${order.id}`), 401, 'UNAUTHENTICATED');
        expectError(await api.request('GET', `/api/orders/${UNKNOWN_ID}`, { token: customer.token }), 404, 'NOT_FOUND');
        expectError(await api.request('GET', '/api/orders/nope', { token: customer.token }), 404, 'NOT_FOUND');
      });

      it('keeps an order whose customer was deleted, with customer null', async () => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expect((await api.request('DELETE', `/api/users/${customer.user.id}`, { token: admin.token })).status).toBe(204);
        const answer = await api.request('GET', `/api/orders/${order.id}`, { token: admin.token });
        expect(answer.status, answer.text).toBe(200);
        expectOrderJson(answer.body.order);
        expect(answer.body.order.customer).toBeNull();
      });

      it('keeps the price paid after the product price changes', async () => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        await api.request('PATCH', `/api/products/${lamp.id}`, { json: { priceCents: 1 }, token: admin.token });
        const answer = await api.request('GET', `/api/orders/${order.id}`, { token: customer.token });
        expect(answer.body.order.lines[0]).toMatchObject({ unitPriceCents: 4990, totalCents: 4990, product: { priceCents: 1 } });
      });
    });

    describe('GET /api/orders', () => {
      it('lists the caller\'s own orders newest first for a USER, everyone\'s for an ADMIN', async () => {
        const { admin, customer, lamp } = await aShop();
        const other = await api.aUser();
        const a = await shop.anOrder(customer.token, [line(lamp.id)]);
        const b = await shop.anOrder(other.token, [line(lamp.id)]);
        const c = await shop.anOrder(customer.token, [line(lamp.id)]);
        const mine = await api.request('GET', '/api/orders', { token: customer.token });
        expect(mine.status, mine.text).toBe(200);
        expect(Object.keys(mine.body).sort()).toEqual(['orders', 'pageInfo', 'totalCount']);
        expect(orderIds(mine.body)).toEqual(idsNewestFirst(a, c));
        expect(mine.body.totalCount).toBe(2);
        mine.body.orders.forEach(expectOrderJson);
        const all = await api.request('GET', '/api/orders', { token: admin.token });
        expect(orderIds(all.body)).toEqual(idsNewestFirst(a, b, c));
        expect(all.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
      });

      it('filters by status and, for an ADMIN, by customerId; pages with first and after', async () => {
        const { admin, customer, lamp } = await aShop();
        const other = await api.aUser();
        const a = await shop.anOrder(customer.token, [line(lamp.id)]);
        const b = await shop.anOrder(customer.token, [line(lamp.id)]);
        await shop.anOrder(other.token, [line(lamp.id)]);
        await api.request('POST', `/api/orders/${a.id}/cancel`, { token: customer.token });
        const cancelled = await api.request('GET', '/api/orders?status=CANCELLED', { token: admin.token });
        expect(orderIds(cancelled.body)).toEqual([a.id]);
        const [newer, older] = idsNewestFirst(a, b);
        const theirs = await api.request('GET', `/api/orders?customerId=${customer.user.id}&first=1`, { token: admin.token });
        expect(orderIds(theirs.body)).toEqual([newer]);
        expect(theirs.body.totalCount).toBe(2);
        expect(theirs.body.pageInfo.hasNextPage).toBe(true);
        const next = await api.request('GET', `/api/orders?customerId=${customer.user.id}&first=1&after=${encodeURIComponent(theirs.body.pageInfo.endCursor)}`, {
          token: admin.token,
        });
        expect(orderIds(next.body)).toEqual([older]);
      });

      it("is 403 for a USER asking for another customer's orders", async () => {
        const { customer } = await aShop();
        const other = await api.aUser();
        expectError(await api.request('GET', `/api/orders?customerId=${other.user.id}`, { token: customer.token }), 403, 'FORBIDDEN');
      });

      it('is 401 without a token', async () => {
        expectError(await api.request('GET', '/api/orders'), 401, 'UNAUTHENTICATED');
      });

      it.each([
        ['status=LOST', 'status'],
        ['first=0', 'first'],
        ['first=abc', 'first'],
        ['after=***', 'after'],
        ['sort=new', 'sort'],
      ])('refuses %s with 400 naming %s', async (query, field) => {
        const { customer } = await aShop();
        expectError(await api.request('GET', `/api/orders?${query}`, { token: customer.token }), 400, 'BAD_USER_INPUT', [field]);
      });

      it('reads the customers and the products of a whole page in one batched store call each', async () => {
        const { admin, lamp } = await aShop(1000);
        const products = await shop.createProducts(admin.token, ...Array.from({ length: 5 }, () => ({ stock: 1000 })));
        const customers = [await api.aUser(), await api.aUser(), await api.aUser()];
        for (let i = 0; i < 30; i += 1) {
          await shop.anOrder(customers[i % 3]!.token, [line(lamp.id), line(products[i % 5]!.id, 2)]);
        }
        const { store } = fixture();
        const users = vi.spyOn(store.users, 'findManyByIds');
        const catalog = vi.spyOn(store.products, 'findManyByIds');
        try {
          const answer = await api.request('GET', '/api/orders?first=30', { token: admin.token });
          expect(answer.status, answer.text).toBe(200);
          expect(answer.body.orders).toHaveLength(30);
          expect(users).toHaveBeenCalledTimes(1);
          expect(catalog).toHaveBeenCalledTimes(1);
        } finally {
          users.mockRestore();
          catalog.mockRestore();
        }
      });
    });

    describe('POST /api/orders/:id/cancel', () => {
      it('lets the customer cancel: 200 CANCELLED, the units back in stock once', async () => {
        const { customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id, 4)]);
        const answer = await api.request('POST', `/api/orders/${order.id}/cancel`, { token: customer.token });
        expect(answer.status, answer.text).toBe(200);
        expect(Object.keys(answer.body)).toEqual(['order']);
        expectOrderJson(answer.body.order);
        expect(answer.body.order.status).toBe('CANCELLED');
        expect(await shop.stockOf(lamp.id)).toBe(10);
        expectError(await api.request('POST', `/api/orders/${order.id}/cancel`, { token: customer.token }), 409, 'CONFLICT');
        expect(await shop.stockOf(lamp.id)).toBe(10);
      });

      it('lets an ADMIN cancel a PAID order but not a SHIPPED one', async () => {
        const { admin, customer, lamp } = await aShop();
        const paid = await shop.anOrder(customer.token, [line(lamp.id)]);
        const shipped = await shop.anOrder(customer.token, [line(lamp.id)]);
        await api.request('PATCH', `/api/orders/${paid.id}`, { json: { status: 'PAID' }, token: admin.token });
        for (const status of ['PAID', 'SHIPPED']) await api.request('PATCH', `/api/orders/${shipped.id}`, { json: { status }, token: admin.token });
        expect((await api.request('POST', `/api/orders/${paid.id}/cancel`, { token: admin.token })).body.order.status).toBe('CANCELLED');
        expectError(await api.request('POST', `/api/orders/${shipped.id}/cancel`, { token: admin.token }), 409, 'CONFLICT');
        expect(await shop.stockOf(lamp.id)).toBe(9);
      });

      it("is 404 for another customer's order and 401 without a token, changing nothing", async () => {
        const { customer, lamp } = await aShop();
        const stranger = await api.aUser();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expectError(await api.request('POST', `/api/orders/${order.id}/cancel`, { token: stranger.token }), 404, 'NOT_FOUND');
        expectError(await api.request('POST', `/api/orders/${order.id}/cancel`), 401, 'UNAUTHENTICATED');
        expect(await shop.stockOf(lamp.id)).toBe(9);
      });
    });

    describe('PATCH /api/orders/:id', () => {
      it('moves an order one step at a time as an ADMIN', async () => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        for (const status of ['PAID', 'SHIPPED', 'DELIVERED']) {
          const answer = await api.request('PATCH', `/api/orders/${order.id}`, { json: { status }, token: admin.token });
          expect(answer.status, answer.text).toBe(200);
          expect(Object.keys(answer.body)).toEqual(['order']);
          expectOrderJson(answer.body.order);
          expect(answer.body.order.status).toBe(status);
        }
      });

      it.each([['SHIPPED'], ['PLACED'], ['CANCELLED']])('is 409 CONFLICT from PLACED to %s', async (status) => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expectError(await api.request('PATCH', `/api/orders/${order.id}`, { json: { status }, token: admin.token }), 409, 'CONFLICT');
      });

      it('is 403 for the customer (a USER), 404 for an unknown id, 400 for an unknown status or field', async () => {
        const { admin, customer, lamp } = await aShop();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        const path = `/api/orders/${order.id}`;
        expectError(await api.request('PATCH', path, { json: { status: 'PAID' }, token: customer.token }), 403, 'FORBIDDEN');
        expectError(await api.request('PATCH', `/api/orders/${UNKNOWN_ID}`, { json: { status: 'PAID' }, token: admin.token }), 404, 'NOT_FOUND');
        expectError(await api.request('PATCH', path, { json: { status: 'LOST' }, token: admin.token }), 400, 'BAD_USER_INPUT', ['status']);
        expectError(await api.request('PATCH', path, { json: { status: 'PAID', totalCents: 0 }, token: admin.token }), 400, 'BAD_USER_INPUT', ['totalCents']);
        expectError(await api.request('PATCH', path, { json: {}, token: admin.token }), 400, 'BAD_USER_INPUT', ['status']);
      });

      it("is 404 for a USER's attempt on another customer's order (NOT_FOUND before FORBIDDEN)", async () => {
        const { customer, lamp } = await aShop();
        const stranger = await api.aUser();
        const order = await shop.anOrder(customer.token, [line(lamp.id)]);
        expectError(await api.request('PATCH', `/api/orders/${order.id}`, { json: { status: 'PAID' }, token: stranger.token }), 404, 'NOT_FOUND');
      });
    });

    describe('methods a route does not serve', () => {
      it.each([
        ['DELETE', '/api/orders', 'GET, HEAD, POST'],
        ['DELETE', `/api/orders/${UNKNOWN_ID}`, 'GET, HEAD, PATCH'],
        ['GET', `/api/orders/${UNKNOWN_ID}/cancel`, 'POST'],
      ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
        const answer = await api.request(method, path);
        expectError(answer, 405, 'METHOD_NOT_ALLOWED');
        expect(answer.headers.get('allow')).toBe(allow);
      });
    });
  },
);
