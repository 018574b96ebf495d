/**
 * Hostile order input over GraphQL: values a client should never send, as
 * variables and literals. Each is refused with a clear code (GraphQL's own Int
 * coercion for strings, fractions and values past 32 bits; the core's
 * BAD_USER_INPUT naming the line for the rest), and nothing changes: no order,
 * no unit taken from stock.
 */
import { expect, it } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { describeEachStore } from '../../support/stores.js';
import { LARGEST_ORDER_PAGE, PLACE_ORDER, PRODUCT, UPDATE_PRODUCT } from './orders-documents.js';
import { type Answer, codeOf, fieldsOf, useOrdersApi } from './orders-http.js';

const PLACE_RAW = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';

describeEachStore('hostile order input over GraphQL', (fixture) => {
  const api = useOrdersApi(fixture);

  /** A customer and a product with 10 units; `unchanged` checks that nothing was ordered. */
  async function setUp() {
    const admin = await api.anAdmin();
    const user = await api.aUser();
    const product = await api.aProduct(admin, { stock: 10 });
    const unchanged = async () => {
      expect((await api.post(PRODUCT, { id: product.id })).body.data!.product!.stock).toBe(10);
      expect(await fixture().store.orders.count({})).toBe(0);
    };
    return { admin, user, product, unchanged };
  }

  const expectCoercionRefusal = (answer: Answer<unknown>) => {
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(answer.body.data).toBeUndefined();
  };

  it.each([-1, 0, 101])('refuses a quantity of %d with BAD_USER_INPUT naming the line', async (quantity) => {
    const { user, product, unchanged } = await setUp();
    const answer = await api.post(PLACE_ORDER, { input: { lines: [{ productId: product.id, quantity }] } }, user.accessToken);
    expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['lines.0.quantity']]);
    await unchanged();
  });

  it.each([
    ['past 32 bits', 2 ** 31],
    ['past 2^53', 2 ** 60],
    ['fractional', 1.5],
    ['a string', '3'],
    ['a boolean', true],
    ['null', null],
  ])('refuses a quantity that is %s with GraphQL\'s own BAD_USER_INPUT (400)', async (_, quantity) => {
    const { user, product, unchanged } = await setUp();
    expectCoercionRefusal(await api.raw(PLACE_RAW, { input: { lines: [{ productId: product.id, quantity }] } }, user.accessToken));
    await unchanged();
  });

  it('refuses a quantity written as a string literal in the document before execution', async () => {
    const { user, product, unchanged } = await setUp();
    const answer = await api.raw(`mutation { placeOrder(input: { lines: [{ productId: "${product.id}", quantity: "3" }] }) { id } }`, {}, user.accessToken);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    await unchanged();
  });

  it('refuses a price or any other field slipped into a line, so a client cannot price its own order', async () => {
    const { user, product, unchanged } = await setUp();
    const line = { productId: product.id, quantity: 1, unitPriceCents: 1 };
    expectCoercionRefusal(await api.raw(PLACE_RAW, { input: { lines: [line] } }, user.accessToken));
    expectCoercionRefusal(await api.raw(PLACE_RAW, { input: { lines: [{ productId: product.id, quantity: 1 }], customerId: newId() } }, user.accessToken));
    await unchanged();
  });

  it('refuses 21 lines and no line with BAD_USER_INPUT naming lines', async () => {
    const { admin, user, unchanged } = await setUp();
    const products = [];
    for (let i = 0; i < 21; i++) products.push(await api.aProduct(admin, { stock: 5 }));
    const lines = products.map(({ id }) => ({ productId: id, quantity: 1 }));
    for (const input of [{ lines }, { lines: [] }]) {
      const answer = await api.post(PLACE_ORDER, { input }, user.accessToken);
      expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['lines']]);
    }
    expect((await api.post(PRODUCT, { id: products[0]!.id })).body.data!.product!.stock).toBe(5);
    await unchanged();
  });

  it('refuses a product given twice with BAD_USER_INPUT naming the later line', async () => {
    const { admin, user, product, unchanged } = await setUp();
    const other = await api.aProduct(admin);
    const lines = [{ productId: product.id, quantity: 1 }, { productId: other.id, quantity: 1 }, { productId: product.id, quantity: 2 }];
    const answer = await api.post(PLACE_ORDER, { input: { lines } }, user.accessToken);
    expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['lines.2.productId']]);
    await unchanged();
  });

  it('refuses an archived, an unknown and a malformed product with BAD_USER_INPUT naming each line', async () => {
    const { admin, user, product, unchanged } = await setUp();
    const archived = await api.aProduct(admin, { stock: 5 });
    await api.post(UPDATE_PRODUCT, { id: archived.id, input: { archived: true } }, admin.accessToken);
    for (const productId of [archived.id, newId(), 'not-an-id', '']) {
      const lines = [{ productId: product.id, quantity: 1 }, { productId, quantity: 1 }];
      const answer = await api.post(PLACE_ORDER, { input: { lines } }, user.accessToken);
      expect([codeOf(answer), fieldsOf(answer)], productId).toEqual(['BAD_USER_INPUT', ['lines.1.productId']]);
    }
    expect((await api.post(PRODUCT, { id: archived.id })).body.data!.product!.stock).toBe(5);
    await unchanged();
  });

  it('refuses an empty or over-long idempotency key with BAD_USER_INPUT naming it', async () => {
    const { user, product, unchanged } = await setUp();
    for (const idempotencyKey of ['', 'k'.repeat(101)]) {
      const answer = await api.post(PLACE_ORDER, { input: { lines: [{ productId: product.id, quantity: 1 }], idempotencyKey } }, user.accessToken);
      expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['idempotencyKey']]);
    }
    await unchanged();
  });

  it("refuses prices past 32 bits, fractional or as strings through GraphQL's Int, and negative ones in the core, changing nothing", async () => {
    const { admin, product } = await setUp();
    const UPDATE_RAW = 'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }';
    for (const priceCents of [2 ** 31, -(2 ** 31) - 1, 9.99, '999']) {
      expectCoercionRefusal(await api.raw(UPDATE_RAW, { id: product.id, input: { priceCents } }, admin.accessToken));
    }
    const negative = await api.post(UPDATE_PRODUCT, { id: product.id, input: { priceCents: -1 } }, admin.accessToken);
    expect([codeOf(negative), fieldsOf(negative)]).toEqual(['BAD_USER_INPUT', ['priceCents']]);
    expect((await api.post(PRODUCT, { id: product.id })).body.data!.product).toEqual(product);
  });

  it('refuses two of the largest order pages in one document as too costly, before any resolver runs', async () => {
    const { user } = await setUp();
    const page = LARGEST_ORDER_PAGE.slice(1, -1);
    const answer = await api.raw(`{ a: ${page} b: ${page} }`, {}, user.accessToken);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map(({ message, extensions }) => [message, extensions?.code])).toEqual([
      ['Query cost 9400 is over the limit of 5000.', 'GRAPHQL_VALIDATION_FAILED'],
    ]);
  });

  it('refuses 15 aliased order pages sized by a variable, each with customers and products, as too costly', async () => {
    const { user } = await setUp();
    const pages = Array.from({ length: 15 }, (_, i) => `p${i}: orders(first: $n) { edges { node { id customer { id } lines { product { id } } } } }`);
    const answer = await api.raw(`query($n: Int) { ${pages.join(' ')} }`, { n: 100 }, user.accessToken);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map(({ message }) => message)).toEqual(['Query cost 14250 is over the limit of 5000.']);
  });
});
