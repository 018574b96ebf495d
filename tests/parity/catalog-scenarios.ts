/**
 * The catalog and orders half of the table (CONTRACT.md, "Catalog and orders"):
 * run like scenarios.ts, from a world with the catalog seeded (world.ts:
 * PRODUCTS, with the radio archived, and ORDERS, placed by ada and grace).
 */
import { ABSENT } from './drivers/driver.js';
import { CHANGED, id, ISO, NEW_ID, OPAQUE, UNCHANGED } from './normalize.js';
import { failed, NOT_A_USER, NOT_ANONYMOUS, ok, type Scenario, seeded, UNKNOWN_ID } from './scenarios.js';
import { as, ORDERS, type OrderName, type Person, PRODUCTS, type ProductName, type World } from './world.js';

const NO_PLACEMENT = 'the CLI places no orders: an order is placed by its customer, and the operator is no customer';

/** Units each seeded order took, per product. */
const ordered = (product: ProductName) =>
  Object.values(ORDERS).reduce((sum, order) => sum + order.lines.filter((line) => line.product === product).reduce((units, line) => units + line.quantity, 0), 0);

/** A seeded product as every transport should show it (stock after the seeded orders), with any changes. */
const product = (name: ProductName, changes: Record<string, unknown> = {}) => ({
  id: id(name),
  ...PRODUCTS[name],
  stock: PRODUCTS[name].stock - ordered(name),
  archived: name === 'radio',
  createdAt: ISO,
  updatedAt: name === 'radio' ? CHANGED : UNCHANGED,
  ...changes,
});

const line = (name: ProductName, quantity: number, productChanges: Record<string, unknown> = {}) => ({
  product: product(name, productChanges),
  quantity,
  unitPriceCents: PRODUCTS[name].priceCents,
  totalCents: quantity * PRODUCTS[name].priceCents,
});

/** A seeded order as every transport should show it: customer and line products embedded. */
const order = (name: OrderName, changes: Record<string, unknown> = {}) => {
  const { customer, lines } = ORDERS[name];
  const shown = lines.map((item) => line(item.product, item.quantity));
  return {
    id: id(name),
    customer: seeded(customer as Person),
    status: 'PLACED',
    lines: shown,
    totalCents: shown.reduce((sum, item) => sum + item.totalCents, 0),
    createdAt: ISO,
    updatedAt: UNCHANGED,
    ...changes,
  };
};

const lineOf = (w: World, name: ProductName, quantity: number) => ({ productId: w.catalog[name]!, quantity });
/** A day either side of the seeded world: every seeded order falls inside. */
const aroundTheWorld = (w: World) => ({
  from: new Date(w.seededFrom.getTime() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 86_400_000).toISOString(),
});

export const CATALOG_SCENARIOS: Scenario[] = [
  // Products
  {
    name: 'create a product as an ADMIN: sku trimmed and upper-cased, description and stock defaulted',
    run: (d) => d.createProduct({ sku: ' chair-01 ', name: ' Office chair ', priceCents: 15900 }, as.admin('root')),
    expected: ok({ id: NEW_ID, sku: 'CHAIR-01', name: 'Office chair', description: '', priceCents: 15900, stock: 0, archived: false, createdAt: ISO, updatedAt: UNCHANGED }),
  },
  {
    name: 'create a product with a taken sku in another case is CONFLICT',
    run: (d) => d.createProduct({ sku: 'lamp-01', name: 'Another lamp', priceCents: 100 }, as.admin('root')),
    expected: failed('CONFLICT'),
  },
  {
    name: 'create a product with a bad sku, a negative price and too much stock is BAD_USER_INPUT naming each',
    run: (d) => d.createProduct({ sku: 'no spaces!', name: 'Chair', priceCents: -1, stock: 1_000_001 }, as.admin('root')),
    expected: failed('BAD_USER_INPUT', ['sku', 'priceCents', 'stock']),
  },
  {
    name: 'create a product as a USER is FORBIDDEN',
    notApplicable: { cli: NOT_A_USER },
    run: (d) => d.createProduct({ sku: 'CHAIR-01', name: 'Chair', priceCents: 100 }, as.user('ada')),
    expected: failed('FORBIDDEN'),
  },
  {
    name: 'create a product without signing in is UNAUTHENTICATED',
    notApplicable: { cli: NOT_ANONYMOUS },
    run: (d) => d.createProduct({ sku: 'CHAIR-01', name: 'Chair', priceCents: 100 }, as.anonymous),
    expected: failed('UNAUTHENTICATED'),
  },
  {
    name: 'list products, public: oldest first, the archived one left out, with the total',
    run: (d) => d.listProducts({}, as.anonymous),
    expected: ok({ products: [product('lamp'), product('mug'), product('pen')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 3 }),
  },
  {
    name: 'list products with includeArchived shows the archived one too',
    run: (d) => d.listProducts({ includeArchived: true }, as.anonymous),
    expected: ok({
      products: [product('lamp'), product('mug'), product('pen'), product('radio')],
      pageInfo: { hasNextPage: false, endCursor: OPAQUE },
      totalCount: 4,
    }),
  },
  {
    name: 'search products by name or sku, case-insensitively',
    run: async (d) => ({
      byName: await d.listProducts({ search: 'MUG' }, as.anonymous),
      bySku: await d.listProducts({ search: 'pen-0' }, as.anonymous),
    }),
    expected: {
      byName: ok({ products: [product('mug')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 1 }),
      bySku: ok({ products: [product('pen')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 1 }),
    },
  },
  {
    name: 'page through products two at a time',
    async run(d) {
      const first = await d.listProducts({ first: 2 }, as.anonymous);
      const after = 'ok' in first && first.ok ? (first.data.pageInfo.endCursor ?? undefined) : undefined;
      return { first, second: await d.listProducts({ first: 2, after }, as.anonymous) };
    },
    expected: {
      first: ok({ products: [product('lamp'), product('mug')], pageInfo: { hasNextPage: true, endCursor: OPAQUE }, totalCount: 3 }),
      second: ok({ products: [product('pen')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 3 }),
    },
  },
  {
    name: 'list products with first 0 or a search of 101 characters is BAD_USER_INPUT naming the argument',
    run: async (d) => [await d.listProducts({ first: 0 }, as.anonymous), await d.listProducts({ search: 'x'.repeat(101) }, as.anonymous)],
    expected: [failed('BAD_USER_INPUT', ['first']), failed('BAD_USER_INPUT', ['search'])],
  },
  {
    name: 'read a product, archived or not, is public; an unknown or malformed id is absent',
    run: async (d, w) => [
      await d.getProduct(w.catalog.radio!, as.anonymous),
      await d.getProduct(UNKNOWN_ID, as.anonymous),
      await d.getProduct('not-an-id', as.anonymous),
    ],
    expected: [ok(product('radio')), ABSENT, ABSENT],
  },
  {
    name: 'update a product as an ADMIN changes only the fields given',
    run: (d, w) => d.updateProduct(w.catalog.mug!, { priceCents: 1500, name: ' Big mug ' }, as.admin('root')),
    expected: ok(product('mug', { priceCents: 1500, name: 'Big mug', updatedAt: CHANGED })),
  },
  {
    name: 'update a product with an empty change is BAD_USER_INPUT; an unknown id is NOT_FOUND',
    run: async (d, w) => [await d.updateProduct(w.catalog.mug!, {}, as.admin('root')), await d.updateProduct(UNKNOWN_ID, { name: 'X' }, as.admin('root'))],
    expected: [failed('BAD_USER_INPUT', ['input']), failed('NOT_FOUND')],
  },
  {
    name: 'restock adds the units; past 1,000,000 is BAD_USER_INPUT on quantity and changes nothing',
    run: async (d, w) => ({
      restock: await d.restockProduct(w.catalog.mug!, 8, as.admin('root')),
      overLimit: await d.restockProduct(w.catalog.mug!, 1_000_000, as.admin('root')),
      zero: await d.restockProduct(w.catalog.mug!, 0, as.admin('root')),
      after: await d.getProduct(w.catalog.mug!, as.anonymous),
    }),
    expected: {
      restock: ok(product('mug', { stock: 10, updatedAt: CHANGED })),
      overLimit: failed('BAD_USER_INPUT', ['quantity']),
      zero: failed('BAD_USER_INPUT', ['quantity']),
      after: ok(product('mug', { stock: 10, updatedAt: CHANGED })),
    },
  },
  {
    name: 'restock as a USER is FORBIDDEN and changes nothing',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({ restock: await d.restockProduct(w.catalog.mug!, 1, as.user('ada')), after: await d.getProduct(w.catalog.mug!, as.anonymous) }),
    expected: { restock: failed('FORBIDDEN'), after: ok(product('mug')) },
  },

  // Placing orders
  {
    name: 'place an order: the caller is the customer, prices taken from the products, the units reserved',
    notApplicable: { cli: NO_PLACEMENT },
    run: async (d, w) => ({
      order: await d.placeOrder({ lines: [lineOf(w, 'mug', 2), lineOf(w, 'lamp', 1)] }, as.user('barbara')),
      mugAfter: await d.getProduct(w.catalog.mug!, as.anonymous),
    }),
    expected: {
      order: ok({
        id: NEW_ID,
        customer: seeded('barbara'),
        status: 'PLACED',
        lines: [line('mug', 2, { stock: 0 }), line('lamp', 1, { stock: 3 })],
        totalCents: 2 * 1250 + 4990,
        createdAt: ISO,
        updatedAt: UNCHANGED,
      }),
      mugAfter: ok(product('mug', { stock: 0 })),
    },
  },
  {
    name: 'place an order twice with the same idempotency key gives the first order and reserves once',
    notApplicable: { cli: NO_PLACEMENT },
    async run(d, w) {
      const input = { lines: [lineOf(w, 'pen', 5)], idempotencyKey: 'checkout-42' };
      const first = await d.placeOrder(input, as.user('barbara'));
      const repeat = await d.placeOrder(input, as.user('barbara'));
      const sameOrder = 'ok' in first && first.ok && 'ok' in repeat && repeat.ok && first.data.id === repeat.data.id;
      return { sameOrder, otherLines: await d.placeOrder({ ...input, lines: [lineOf(w, 'pen', 6)] }, as.user('barbara')), pen: await d.getProduct(w.catalog.pen!, as.anonymous) };
    },
    expected: { sameOrder: true, otherLines: failed('CONFLICT'), pen: ok(product('pen', { stock: 83 })) },
  },
  {
    name: 'place an order for more than is left is OUT_OF_STOCK naming the short line, and reserves nothing',
    notApplicable: { cli: NO_PLACEMENT },
    run: async (d, w) => ({
      order: await d.placeOrder({ lines: [lineOf(w, 'lamp', 1), lineOf(w, 'mug', 3)] }, as.user('barbara')),
      products: await d.listProducts({}, as.anonymous),
    }),
    expected: {
      order: failed('OUT_OF_STOCK', ['lines.1.quantity']),
      products: ok({ products: [product('lamp'), product('mug'), product('pen')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 3 }),
    },
  },
  {
    name: 'place an order with an archived product, an unknown one and a product twice is BAD_USER_INPUT naming the lines',
    notApplicable: { cli: NO_PLACEMENT },
    run: async (d, w) => [
      await d.placeOrder({ lines: [lineOf(w, 'radio', 1), { productId: UNKNOWN_ID, quantity: 1 }] }, as.user('barbara')),
      await d.placeOrder({ lines: [lineOf(w, 'pen', 1), lineOf(w, 'lamp', 1), lineOf(w, 'pen', 2)] }, as.user('barbara')),
    ],
    expected: [failed('BAD_USER_INPUT', ['lines.0.productId', 'lines.1.productId']), failed('BAD_USER_INPUT', ['lines.2.productId'])],
  },
  {
    name: 'place an order with no lines, 21 lines or a quantity of 101 is BAD_USER_INPUT',
    notApplicable: { cli: NO_PLACEMENT },
    run: async (d, w) => [
      await d.placeOrder({ lines: [] }, as.user('barbara')),
      await d.placeOrder({ lines: Array.from({ length: 21 }, () => lineOf(w, 'pen', 1)) }, as.user('barbara')),
      await d.placeOrder({ lines: [lineOf(w, 'pen', 101)] }, as.user('barbara')),
    ],
    expected: [failed('BAD_USER_INPUT', ['lines']), failed('BAD_USER_INPUT', ['lines']), failed('BAD_USER_INPUT', ['lines.0.quantity'])],
  },
  {
    name: 'place an order without signing in is UNAUTHENTICATED',
    notApplicable: { cli: NO_PLACEMENT },
    run: (d, w) => d.placeOrder({ lines: [lineOf(w, 'pen', 1)] }, as.anonymous),
    expected: failed('UNAUTHENTICATED'),
  },

  // Reading orders
  {
    name: 'read an order as its customer or an ADMIN gives it with customer and products',
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => [await d.getOrder(w.catalog.adasOrder!, as.user('ada')), await d.getOrder(w.catalog.adasOrder!, as.admin('root'))],
    expected: [ok(order('adasOrder')), ok(order('adasOrder'))],
  },
  {
    name: "read another customer's order is absent, as if it did not exist",
    notApplicable: { cli: NOT_A_USER },
    run: (d, w) => d.getOrder(w.catalog.adasOrder!, as.user('grace')),
    expected: ABSENT,
  },
  {
    name: 'read an order as the operator or an ADMIN; an unknown id is absent',
    run: async (d, w) => [await d.getOrder(w.catalog.gracesOrder!, as.admin('root')), await d.getOrder(UNKNOWN_ID, as.admin('root'))],
    expected: [ok(order('gracesOrder')), ABSENT],
  },
  {
    name: 'list orders as an ADMIN: every order newest first; by customer; by status',
    async run(d, w) {
      return {
        all: await d.listOrders({}, as.admin('root')),
        adas: await d.listOrders({ customerId: w.ids.ada }, as.admin('root')),
        paid: await d.listOrders({ status: 'PAID' }, as.admin('root')),
      };
    },
    expected: {
      all: ok({ orders: [order('gracesOrder'), order('adasOrder')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 2 }),
      adas: ok({ orders: [order('adasOrder')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 1 }),
      paid: ok({ orders: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 }),
    },
  },
  {
    name: "list orders as a USER gives its own; asking for another customer's is FORBIDDEN",
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      own: await d.listOrders({}, as.user('ada')),
      others: await d.listOrders({ customerId: w.ids.grace }, as.user('ada')),
    }),
    expected: {
      own: ok({ orders: [order('adasOrder')], pageInfo: { hasNextPage: false, endCursor: OPAQUE }, totalCount: 1 }),
      others: failed('FORBIDDEN'),
    },
  },
  {
    name: 'list orders with an unknown status is BAD_USER_INPUT naming status',
    run: (d) => d.listOrders({ status: 'LOST' }, as.admin('root')),
    expected: failed('BAD_USER_INPUT', ['status']),
  },

  // Cancelling and status
  {
    name: 'cancel an order returns its units to stock once; a second cancel is CONFLICT',
    run: async (d, w) => ({
      cancel: await d.cancelOrder(w.catalog.adasOrder!, as.admin('root')),
      again: await d.cancelOrder(w.catalog.adasOrder!, as.admin('root')),
      lamp: await d.getProduct(w.catalog.lamp!, as.anonymous),
      pen: await d.getProduct(w.catalog.pen!, as.anonymous),
    }),
    expected: {
      cancel: ok(order('adasOrder', {
        status: 'CANCELLED',
        updatedAt: CHANGED,
        lines: [line('lamp', 1, { stock: 5 }), line('pen', 2, { stock: 90 })],
      })),
      again: failed('CONFLICT'),
      lamp: ok(product('lamp', { stock: 5 })),
      pen: ok(product('pen', { stock: 90 })),
    },
  },
  {
    name: "the customer cancels its own order; another user's attempt is NOT_FOUND",
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => ({
      stranger: await d.cancelOrder(w.catalog.adasOrder!, as.user('grace')),
      customer: await d.cancelOrder(w.catalog.adasOrder!, as.user('ada')),
    }),
    expected: {
      stranger: failed('NOT_FOUND'),
      customer: ok(order('adasOrder', { status: 'CANCELLED', updatedAt: CHANGED, lines: [line('lamp', 1, { stock: 5 }), line('pen', 2, { stock: 90 })] })),
    },
  },
  {
    name: 'status steps PLACED → PAID → SHIPPED → DELIVERED as an ADMIN; a skipped step, CANCELLED and cancelling a shipped order are CONFLICT',
    async run(d, w) {
      const orderId = w.catalog.gracesOrder!;
      return {
        skip: await d.setOrderStatus(orderId, 'SHIPPED', as.admin('root')),
        toCancelled: await d.setOrderStatus(orderId, 'CANCELLED', as.admin('root')),
        paid: await d.setOrderStatus(orderId, 'PAID', as.admin('root')),
        shipped: await d.setOrderStatus(orderId, 'SHIPPED', as.admin('root')),
        cancelShipped: await d.cancelOrder(orderId, as.admin('root')),
        delivered: await d.setOrderStatus(orderId, 'DELIVERED', as.admin('root')),
        again: await d.setOrderStatus(orderId, 'DELIVERED', as.admin('root')),
      };
    },
    expected: {
      skip: failed('CONFLICT'),
      toCancelled: failed('CONFLICT'),
      paid: ok(order('gracesOrder', { status: 'PAID', updatedAt: CHANGED })),
      shipped: ok(order('gracesOrder', { status: 'SHIPPED', updatedAt: CHANGED })),
      cancelShipped: failed('CONFLICT'),
      delivered: ok(order('gracesOrder', { status: 'DELIVERED', updatedAt: CHANGED })),
      again: failed('CONFLICT'),
    },
  },
  {
    name: "set a status as a USER is FORBIDDEN on its own order and NOT_FOUND on another's",
    notApplicable: { cli: NOT_A_USER },
    run: async (d, w) => [await d.setOrderStatus(w.catalog.adasOrder!, 'PAID', as.user('ada')), await d.setOrderStatus(w.catalog.adasOrder!, 'PAID', as.user('grace'))],
    expected: [failed('FORBIDDEN'), failed('NOT_FOUND')],
  },
  {
    name: 'set a status on an unknown order is NOT_FOUND',
    run: (d) => d.setOrderStatus(UNKNOWN_ID, 'PAID', as.admin('root')),
    expected: failed('NOT_FOUND'),
  },

  // Sales report
  {
    name: 'sales report as an ADMIN: per product, best-selling first, products embedded; cancelled orders left out',
    async run(d, w) {
      const before = await d.salesReport(aroundTheWorld(w), as.admin('root'));
      await d.cancelOrder(w.catalog.gracesOrder!, as.admin('root'));
      return { before, afterCancel: await d.salesReport(aroundTheWorld(w), as.admin('root')) };
    },
    expected: {
      before: ok([
        { product: product('lamp'), unitsSold: 1, revenueCents: 4990, orderCount: 1 },
        { product: product('pen'), unitsSold: 12, revenueCents: 1800, orderCount: 2 },
      ]),
      afterCancel: ok([
        { product: product('lamp'), unitsSold: 1, revenueCents: 4990, orderCount: 1 },
        { product: product('pen', { stock: 98 }), unitsSold: 2, revenueCents: 300, orderCount: 1 },
      ]),
    },
  },
  {
    name: 'sales report with a reversed range or over 366 days is BAD_USER_INPUT naming to',
    run: async (d) => [
      await d.salesReport({ from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }, as.admin('root')),
      await d.salesReport({ from: '2025-01-01T00:00:00.000Z', to: '2026-01-03T00:00:00.000Z' }, as.admin('root')),
    ],
    expected: [failed('BAD_USER_INPUT', ['to']), failed('BAD_USER_INPUT', ['to'])],
  },
  {
    name: 'sales report as a USER is FORBIDDEN',
    notApplicable: { cli: NOT_A_USER },
    run: (d, w) => d.salesReport(aroundTheWorld(w), as.user('ada')),
    expected: failed('FORBIDDEN'),
  },
];
