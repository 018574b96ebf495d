import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/core/auth/actor.js';
import { newestFirst, oldestFirst } from '../../support/list-order.js';
import { createCliHarness, UNKNOWN_ID } from './cli-harness.js';

const PRODUCT_FIELDS = ['archived', 'createdAt', 'description', 'id', 'name', 'priceCents', 'sku', 'stock', 'updatedAt'];
const ORDER_FIELDS = ['createdAt', 'customer', 'id', 'lines', 'status', 'totalCents', 'updatedAt'];
const USER_FIELDS = ['createdAt', 'email', 'firstName', 'id', 'lastName', 'role', 'updatedAt'];
const LINE_FIELDS = ['product', 'quantity', 'totalCents', 'unitPriceCents'];

let h: ReturnType<typeof createCliHarness>;
beforeEach(() => {
  h = createCliHarness();
});

type Run = Awaited<ReturnType<typeof h.cli>>;

function expectSuccess(run: Run, keys: string[]) {
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(Object.keys(run.out).sort()).toEqual(keys);
}

/** A command failure: nothing on stdout, one JSON line {"error"} on stderr, exit 1. */
function expectFailure(run: Run, code: string, fields?: string[]) {
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(Object.keys(run.err)).toEqual(['error']);
  expect(run.err.error.code).toBe(code);
  if (fields) expect(run.err.error.fields.map((f: { field: string }) => f.field)).toEqual(fields);
}

/** A usage mistake: help on stderr, exit 2, the store never opened. */
async function expectUsage(argv: string[], reason: RegExp) {
  const opened = h.sessions.opened;
  const run = await h.cli(argv);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^error: /);
  expect(run.stderr).toMatch(reason);
  expect(run.stderr).toContain('Usage: npm run cli --');
  expect(h.sessions.opened).toBe(opened);
}

function expectProduct(product: Record<string, unknown>) {
  expect(Object.keys(product).sort()).toEqual(PRODUCT_FIELDS);
}

function expectOrder(order: any) {
  expect(Object.keys(order).sort()).toEqual(ORDER_FIELDS);
  if (order.customer !== null) expect(Object.keys(order.customer).sort()).toEqual(USER_FIELDS);
  for (const line of order.lines) {
    expect(Object.keys(line).sort()).toEqual(LINE_FIELDS);
    expectProduct(line.product);
  }
}

let seq = 0;
async function createProduct(overrides: Record<string, string> = {}) {
  seq += 1;
  const flags = { sku: `cli-${seq}`, name: `Product ${seq}`, 'price-cents': '1000', stock: '10', ...overrides };
  const run = await h.cli(['products', 'create', ...Object.entries(flags).map(([flag, value]) => `--${flag}=${value}`)]);
  if (run.status !== 0) throw new Error(`create failed: ${run.stderr}`);
  return run.out.product as { id: string; sku: string; stock: number; createdAt: string };
}

/** Orders are placed by customers (the operator is none): through the use case, as the customer. */
async function placeOrder(customerId: string, lines: { productId: string; quantity: number }[]) {
  const actor: Actor = { kind: 'user', id: customerId, role: 'USER' };
  return (await h.useCases.placeOrder.execute({ lines }, actor)).order;
}

const stockOf = async (id: string) => (await h.store.products.findById(id))!.stock;

describe('CLI products create', () => {
  it('prints {"product"} with exactly the Product fields, the sku normalized; exit 0', async () => {
    const run = await h.cli(['products', 'create', '--sku', ' lamp-1 ', '--name', 'Desk lamp', '--price-cents', '4990', '--description', 'Bright']);
    expectSuccess(run, ['product']);
    expectProduct(run.out.product);
    expect(run.out.product).toMatchObject({ sku: 'LAMP-1', name: 'Desk lamp', description: 'Bright', priceCents: 4990, stock: 0, archived: false });
    expect(h.sessions).toEqual({ opened: 1, closed: 1 });
  });

  it.each([
    ['--price-cents', 'ten', 'priceCents'],
    ['--price-cents', '9.99', 'priceCents'],
    ['--price-cents', '-1', 'priceCents'],
    ['--stock', '1000001', 'stock'],
  ])('refuses %s %s: BAD_USER_INPUT on %s, exit 1, nothing stored', async (flag, value, field) => {
    const base = { '--sku': 'A', '--name': 'A', '--price-cents': '1', '--stock': '1' } as Record<string, string>;
    base[flag] = value;
    const run = await h.cli(['products', 'create', ...Object.entries(base).map(([name, text]) => `${name}=${text}`)]);
    expectFailure(run, 'BAD_USER_INPUT', [field]);
    expect(await h.store.products.count({ includeArchived: true })).toBe(0);
  });

  it('refuses a taken sku: CONFLICT, exit 1', async () => {
    const product = await createProduct();
    expectFailure(await h.cli(['products', 'create', '--sku', product.sku.toLowerCase(), '--name', 'B', '--price-cents', '1']), 'CONFLICT');
  });

  it('is a usage mistake without --price-cents, or with --stock-count (exit 2, store untouched)', async () => {
    await expectUsage(['products', 'create', '--sku', 'A', '--name', 'A'], /products create needs --price-cents/);
    await expectUsage(['products', 'create', '--sku', 'A', '--name', 'A', '--price-cents', '1', '--stock-count', '1'], /stock-count/);
  });
});

describe('CLI products list', () => {
  it('prints {"products", "pageInfo", "totalCount"} oldest first, paging with --first and --after', async () => {
    const [a, b, c] = oldestFirst([await createProduct(), await createProduct(), await createProduct()]);
    const page1 = await h.cli(['products', 'list', '--first', '2']);
    expectSuccess(page1, ['pageInfo', 'products', 'totalCount']);
    page1.out.products.forEach(expectProduct);
    expect(page1.out.products.map((p: { id: string }) => p.id)).toEqual([a!.id, b!.id]);
    expect(page1.out).toMatchObject({ pageInfo: { hasNextPage: true }, totalCount: 3 });
    const page2 = await h.cli(['products', 'list', '--first=2', `--after=${page1.out.pageInfo.endCursor}`]);
    expect(page2.out.products.map((p: { id: string }) => p.id)).toEqual([c!.id]);
  });

  it('searches with --search and shows archived products only with --include-archived true', async () => {
    const lamp = await createProduct({ name: 'Desk Lamp' });
    await createProduct({ name: 'Chair' });
    const archived = await createProduct({ name: 'Old lamp' });
    expectSuccess(await h.cli(['products', 'update', archived.id, '--archived', 'true']), ['product']);
    const found = await h.cli(['products', 'list', '--search', 'LAMP']);
    expect(found.out.products.map((p: { id: string }) => p.id)).toEqual([lamp.id]);
    const all = await h.cli(['products', 'list', '--search', 'lamp', '--include-archived', 'true']);
    expect(all.out.products.map((p: { id: string }) => p.id)).toEqual(oldestFirst([lamp, archived]).map((p) => p.id));
    expect(all.out.totalCount).toBe(2);
  });

  it.each([
    [['--first', '0'], 'first'],
    [['--include-archived', 'yes'], 'includeArchived'],
    [['--after', '***'], 'after'],
  ])('refuses %j: BAD_USER_INPUT on %s', async (flags, field) => {
    expectFailure(await h.cli(['products', 'list', ...flags]), 'BAD_USER_INPUT', [field]);
  });
});

describe('CLI products get, update, restock', () => {
  it('get prints {"product"}; NOT_FOUND (exit 1) for an unknown id', async () => {
    const product = await createProduct();
    const run = await h.cli(['products', 'get', product.id]);
    expectSuccess(run, ['product']);
    expect(run.out.product).toEqual(product);
    expectFailure(await h.cli(['products', 'get', UNKNOWN_ID]), 'NOT_FOUND');
  });

  it('update changes only the flags given (--price-cents, --sku, --archived)', async () => {
    const product = await createProduct({ description: 'Kept' });
    const run = await h.cli(['products', 'update', product.id, '--price-cents', '250', '--sku', 'new-sku', '--archived', 'true']);
    expectSuccess(run, ['product']);
    expect(run.out.product).toMatchObject({ id: product.id, priceCents: 250, sku: 'NEW-SKU', archived: true, description: 'Kept', stock: 10 });
  });

  it('update refuses --archived maybe and an empty change, and cannot set the stock', async () => {
    const product = await createProduct();
    expectFailure(await h.cli(['products', 'update', product.id, '--archived', 'maybe']), 'BAD_USER_INPUT', ['archived']);
    expectFailure(await h.cli(['products', 'update', product.id]), 'BAD_USER_INPUT');
    await expectUsage(['products', 'update', product.id, '--stock', '5'], /stock/);
    expectFailure(await h.cli(['products', 'update', UNKNOWN_ID, '--name', 'X']), 'NOT_FOUND');
  });

  it('restock adds --quantity units; past 1,000,000 is BAD_USER_INPUT on quantity and changes nothing', async () => {
    const product = await createProduct();
    const run = await h.cli(['products', 'restock', product.id, '--quantity', '5']);
    expectSuccess(run, ['product']);
    expect(run.out.product.stock).toBe(15);
    expectFailure(await h.cli(['products', 'restock', product.id, '--quantity', '1000000']), 'BAD_USER_INPUT', ['quantity']);
    expectFailure(await h.cli(['products', 'restock', product.id, '--quantity', 'lots']), 'BAD_USER_INPUT', ['quantity']);
    expect(await stockOf(product.id)).toBe(15);
    expectFailure(await h.cli(['products', 'restock', UNKNOWN_ID, '--quantity', '1']), 'NOT_FOUND');
  });

  it('restock without --quantity or without an id is a usage mistake', async () => {
    await expectUsage(['products', 'restock', UNKNOWN_ID], /--quantity/);
    await expectUsage(['products', 'restock', '--quantity', '1'], /needs ID/);
  });
});

describe('CLI orders', () => {
  it('list prints every customer\'s orders newest first with customers and products embedded', async () => {
    const ada = await h.createUser();
    const grace = await h.createUser();
    const lamp = await createProduct();
    const first = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 2 }]);
    const second = await placeOrder(grace.id, [{ productId: lamp.id, quantity: 1 }]);
    const run = await h.cli(['orders', 'list']);
    expectSuccess(run, ['orders', 'pageInfo', 'totalCount']);
    run.out.orders.forEach(expectOrder);
    const positioned = (order: typeof first) => ({ ...order, createdAt: order.createdAt.toISOString() });
    expect(run.out.orders.map((o: { id: string }) => o.id)).toEqual(newestFirst([positioned(first), positioned(second)]).map((o) => o.id));
    const adas = run.out.orders.find((o: { id: string }) => o.id === first.id);
    expect(adas.customer.id).toBe(ada.id);
    expect(adas.lines[0]).toMatchObject({ product: { id: lamp.id }, quantity: 2, unitPriceCents: 1000, totalCents: 2000 });
    expect(run.out.totalCount).toBe(2);
  });

  it('list filters with --status and --customer-id; refuses an unknown status', async () => {
    const ada = await h.createUser();
    const grace = await h.createUser();
    const lamp = await createProduct();
    const adas = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 1 }]);
    const graces = await placeOrder(grace.id, [{ productId: lamp.id, quantity: 1 }]);
    await h.cli(['orders', 'cancel', graces.id]);
    const byCustomer = await h.cli(['orders', 'list', '--customer-id', ada.id]);
    expect(byCustomer.out.orders.map((o: { id: string }) => o.id)).toEqual([adas.id]);
    const cancelled = await h.cli(['orders', 'list', '--status', 'CANCELLED']);
    expect(cancelled.out.orders.map((o: { id: string }) => o.id)).toEqual([graces.id]);
    expectFailure(await h.cli(['orders', 'list', '--status', 'LOST']), 'BAD_USER_INPUT', ['status']);
  });

  it('get prints {"order"}; NOT_FOUND (exit 1) for an unknown id', async () => {
    const ada = await h.createUser();
    const lamp = await createProduct();
    const order = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 1 }]);
    const run = await h.cli(['orders', 'get', order.id]);
    expectSuccess(run, ['order']);
    expectOrder(run.out.order);
    expect(run.out.order).toMatchObject({ id: order.id, status: 'PLACED', totalCents: 1000, customer: { id: ada.id } });
    expectFailure(await h.cli(['orders', 'get', UNKNOWN_ID]), 'NOT_FOUND');
  });

  it('shows customer null once the customer is deleted', async () => {
    const ada = await h.createUser();
    const lamp = await createProduct();
    const order = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 1 }]);
    await h.cli(['users', 'delete', ada.id]);
    const run = await h.cli(['orders', 'get', order.id]);
    expectSuccess(run, ['order']);
    expect(run.out.order.customer).toBeNull();
  });

  it('cancel returns the units to stock once; a second cancel is CONFLICT', async () => {
    const ada = await h.createUser();
    const lamp = await createProduct();
    const order = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 4 }]);
    expect(await stockOf(lamp.id)).toBe(6);
    const run = await h.cli(['orders', 'cancel', order.id]);
    expectSuccess(run, ['order']);
    expect(run.out.order.status).toBe('CANCELLED');
    expect(await stockOf(lamp.id)).toBe(10);
    expectFailure(await h.cli(['orders', 'cancel', order.id]), 'CONFLICT');
    expect(await stockOf(lamp.id)).toBe(10);
  });

  it('set-status moves one step at a time; a skipped step, CANCELLED and an unknown status are refused', async () => {
    const ada = await h.createUser();
    const lamp = await createProduct();
    const order = await placeOrder(ada.id, [{ productId: lamp.id, quantity: 1 }]);
    expectFailure(await h.cli(['orders', 'set-status', order.id, '--status', 'SHIPPED']), 'CONFLICT');
    expectFailure(await h.cli(['orders', 'set-status', order.id, '--status', 'CANCELLED']), 'CONFLICT');
    expectFailure(await h.cli(['orders', 'set-status', order.id, '--status', 'LOST']), 'BAD_USER_INPUT', ['status']);
    for (const status of ['PAID', 'SHIPPED', 'DELIVERED']) {
      const run = await h.cli(['orders', 'set-status', order.id, '--status', status]);
      expectSuccess(run, ['order']);
      expect(run.out.order.status).toBe(status);
    }
    expectFailure(await h.cli(['orders', 'set-status', UNKNOWN_ID, '--status', 'PAID']), 'NOT_FOUND');
  });

  it('has no place command (the operator is no customer), and set-status needs --status', async () => {
    await expectUsage(['orders', 'place'], /unknown command "orders place"/);
    await expectUsage(['orders', 'set-status', UNKNOWN_ID], /--status/);
  });
});

describe('CLI reports sales', () => {
  it('prints {"sales"} per product, best-selling first, with products embedded', async () => {
    const ada = await h.createUser();
    const lamp = await createProduct({ 'price-cents': '5000' });
    const mug = await createProduct({ 'price-cents': '1000' });
    await placeOrder(ada.id, [{ productId: mug.id, quantity: 2 }, { productId: lamp.id, quantity: 1 }]);
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const run = await h.cli(['reports', 'sales', '--from', from, '--to', to]);
    expectSuccess(run, ['sales']);
    expect(run.out.sales.map((row: any) => [row.product.id, row.unitsSold, row.revenueCents, row.orderCount])).toEqual([
      [lamp.id, 1, 5000, 1],
      [mug.id, 2, 2000, 1],
    ]);
    run.out.sales.forEach((row: any) => expectProduct(row.product));
  });

  it('refuses a reversed range on to and a date without a time zone on from; needs both flags', async () => {
    expectFailure(await h.cli(['reports', 'sales', '--from', '2026-02-01T00:00:00Z', '--to', '2026-01-01T00:00:00Z']), 'BAD_USER_INPUT', ['to']);
    expectFailure(await h.cli(['reports', 'sales', '--from', '2026-01-01T00:00:00', '--to', '2026-02-01T00:00:00Z']), 'BAD_USER_INPUT', ['from']);
    await expectUsage(['reports', 'sales', '--from', '2026-01-01T00:00:00Z'], /reports sales needs --to/);
  });
});

describe('CLI help', () => {
  it('lists the catalog, order, report and seed commands with their flags', async () => {
    const run = await h.cli(['--help']);
    expect(run.status).toBe(0);
    for (const line of [
      'products create --sku S --name N --price-cents C',
      'products restock ID --quantity N',
      'orders list [--first N] [--after CURSOR] [--status S] [--customer-id ID]',
      'orders set-status ID --status',
      'reports sales --from',
      'seed [--admin-email E --admin-password P]',
    ]) {
      expect(run.stdout).toContain(line);
    }
  });

  it('is a usage mistake to name an unknown group or leave out the command', async () => {
    await expectUsage(['carts', 'list'], /unknown command "carts"/);
    await expectUsage(['products'], /missing products command/);
    await expectUsage(['toString', 'x'], /unknown command "toString"/);
  });
});
