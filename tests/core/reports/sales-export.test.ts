import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { SALES_EXPORT_CHUNK_ROWS, SALES_EXPORT_LEASE_MS } from '../../../src/core/reports/sales-export.js';
import { expectedSalesRecords, parseCsv, textOf } from '../../support/csv.js';
import { createHarness, expectFailure, UUID_V7 } from '../use-case-harness.js';

const DAY = 86_400_000;

/** A harness with an ADMIN, two products sold in a range, and that range. */
async function aShop() {
  const h = createHarness();
  const admin = (await h.aUser({ role: 'ADMIN' })).actor;
  const customer = (await h.aUser()).actor;
  const from = h.clock.now();
  const lamp = await h.aProduct({ priceCents: 5000, stock: 100 });
  const mug = await h.aProduct({ priceCents: 1000, stock: 100 });
  await h.anOrder(customer, [{ productId: lamp.id, quantity: 1 }, { productId: mug.id, quantity: 3 }]);
  await h.anOrder(customer, [{ productId: mug.id, quantity: 2 }]);
  const range = { from, to: new Date(h.clock.now().getTime() + DAY) };
  return { h, admin, customer, range, lamp, mug };
}

/** The report over `range` as the CSV's records, products embedded. */
async function reportRecords(h: ReturnType<typeof createHarness>, range: { from: Date; to: Date }) {
  const rows = await h.salesReport.execute(range, OPERATOR);
  const products = await h.getProductsByIds.execute(rows.map((row) => row.productId));
  return expectedSalesRecords(rows.map((row, i) => ({ ...row, sku: products[i]!.sku, name: products[i]!.name })));
}

describe('requesting a sales export', () => {
  it('records a PENDING export of the range for the ADMIN who asked, with its sales-export.requested event', async () => {
    const { h, admin, range } = await aShop();
    const salesExport = await h.requestSalesExport.execute(range, admin);
    expect(salesExport).toEqual({
      id: expect.stringMatching(UUID_V7),
      status: 'PENDING',
      ...range,
      createdAt: h.clock.now(),
      startedAt: null,
      finishedAt: null,
      requestedBy: admin.kind === 'user' ? admin.id : 'never',
      failureReason: null,
    });
    expect(await h.getSalesExport.execute(salesExport.id, admin)).toEqual(salesExport);
    expect(await exportEvents(h)).toEqual([
      { id: expect.stringMatching(UUID_V7), type: 'sales-export.requested', at: h.clock.now(), data: { exportId: salesExport.id } },
    ]);
  });

  it('records the operator as requestedBy null', async () => {
    const { h, range } = await aShop();
    expect(await h.requestSalesExport.execute(range, OPERATOR)).toMatchObject({ requestedBy: null });
  });

  it('is for ADMINs and the operator only, and records nothing otherwise', async () => {
    const { h, customer, range } = await aShop();
    await expectFailure(h.requestSalesExport.execute(range, null), 'UNAUTHENTICATED');
    await expectFailure(h.requestSalesExport.execute(range, customer), 'FORBIDDEN');
    expect(await exportEvents(h)).toEqual([]);
  });

  it('refuses the ranges the report refuses, on `to`, and records nothing', async () => {
    const { h, admin } = await aShop();
    const from = new Date('2026-01-01T00:00:00.000Z');
    for (const to of [from, new Date(from.getTime() - 1), new Date(from.getTime() + 366 * DAY + 1)]) {
      await expectFailure(h.requestSalesExport.execute({ from, to }, admin), 'BAD_USER_INPUT', ['to']);
    }
    await expectFailure(h.requestSalesExport.execute({ from: new Date('nope'), to: from }, admin), 'BAD_USER_INPUT', ['from']);
    expect(await exportEvents(h)).toEqual([]);
  });
});

/** The sales-export.requested events in the outbox. */
async function exportEvents(h: ReturnType<typeof createHarness>) {
  const events = await h.store.outbox.claim({ limit: 10_000, leaseMs: 0, now: new Date(h.clock.now().getTime() + 1) });
  return events.filter((event) => event.type === 'sales-export.requested');
}

describe('reading a sales export', () => {
  it('answers null for an unknown or malformed id', async () => {
    const { h, admin } = await aShop();
    expect(await h.getSalesExport.execute('01890a5d-ac96-774b-bcce-b302099a8057', admin)).toBeNull();
    expect(await h.getSalesExport.execute('nope', admin)).toBeNull();
  });

  it('is FORBIDDEN to a USER, even for an export that exists', async () => {
    const { h, admin, customer, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    await expectFailure(h.getSalesExport.execute(id, customer), 'FORBIDDEN');
    await expectFailure(h.readSalesExportCsv.execute(id, customer), 'FORBIDDEN');
  });
});

describe('building a sales export', () => {
  it('writes the report as CSV, marks it DONE at the build time, and serves the CSV', async () => {
    const { h, admin, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    h.clock.advance(5000);
    expect(await h.buildSalesExport.execute(id)).toBe('built');
    expect(await h.getSalesExport.execute(id, admin)).toMatchObject({ status: 'DONE', startedAt: h.clock.now(), finishedAt: h.clock.now() });
    const { text } = await textOf(await h.readSalesExportCsv.execute(id, admin));
    expect(parseCsv(text)).toEqual(await reportRecords(h, range));
  });

  it('writes only the header for a range with no sales', async () => {
    const { h, admin } = await aShop();
    const from = new Date('2020-01-01T00:00:00.000Z');
    const { id } = await h.requestSalesExport.execute({ from, to: new Date(from.getTime() + DAY) }, admin);
    await h.buildSalesExport.execute(id);
    expect(await textOf(await h.readSalesExportCsv.execute(id, admin))).toEqual({
      text: 'productId,sku,name,unitsSold,revenueCents,orderCount\r\n',
      chunks: 1,
    });
  });

  it(`splits a report of more than ${SALES_EXPORT_CHUNK_ROWS} products into chunks of at most ${SALES_EXPORT_CHUNK_ROWS} rows, in product-id order`, async () => {
    const h = createHarness();
    const customer = (await h.aUser()).actor;
    const from = h.clock.now();
    const products = [];
    for (let i = 0; i < 2 * SALES_EXPORT_CHUNK_ROWS + 1; i++) products.push(await h.aProduct({ priceCents: 100 + i }));
    for (let i = 0; i < products.length; i += 20) await h.anOrder(customer, products.slice(i, i + 20).map((p) => ({ productId: p.id })));
    const range = { from, to: new Date(h.clock.now().getTime() + DAY) };
    const { id } = await h.requestSalesExport.execute(range, OPERATOR);
    await h.buildSalesExport.execute(id);
    const { text, chunks } = await textOf(await h.readSalesExportCsv.execute(id, OPERATOR));
    expect(chunks).toBe(3);
    const records = parseCsv(text);
    expect(records).toHaveLength(products.length + 1);
    expect(records).toEqual(await reportRecords(h, range));
  });

  it('quotes names with commas and quotes so they read back exactly, and defuses formula cells with an apostrophe', async () => {
    const h = createHarness();
    const customer = (await h.aUser()).actor;
    const from = h.clock.now();
    // A name cannot hold a line break (product rules); sales-csv.test.ts covers one.
    const names = ['Lamp, brass', 'The "best" mug', '=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', 'Plain'];
    const products = [];
    for (const name of names) products.push(await h.aProduct({ name }));
    await h.anOrder(customer, products.map((p) => ({ productId: p.id })));
    const { id } = await h.requestSalesExport.execute({ from, to: new Date(h.clock.now().getTime() + DAY) }, OPERATOR);
    await h.buildSalesExport.execute(id);
    const records = parseCsv((await textOf(await h.readSalesExportCsv.execute(id, OPERATOR))).text);
    const nameOf = new Map(records.slice(1).map((record) => [record[0], record[2]]));
    expect(products.map((p) => nameOf.get(p.id))).toEqual([
      'Lamp, brass',
      'The "best" mug',
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'-1",
      "'@SUM(A1)",
      'Plain',
    ]);
  });

  it('does nothing when run again on a DONE export', async () => {
    const { h, admin, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    await h.buildSalesExport.execute(id);
    const done = await h.getSalesExport.execute(id, admin);
    const csv = (await textOf(await h.readSalesExportCsv.execute(id, admin))).text;
    h.clock.advance(SALES_EXPORT_LEASE_MS * 2);
    expect(await h.buildSalesExport.execute(id)).toBe('finished');
    expect(await h.getSalesExport.execute(id, admin)).toEqual(done);
    expect((await textOf(await h.readSalesExportCsv.execute(id, admin))).text).toBe(csv);
  });

  it('answers busy while another builder holds a fresh lease, and rebuilds once that lease is stale', async () => {
    const { h, admin, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    expect(await h.store.salesExports.start(id, h.clock.now())).toBe(true); // a builder that then dies
    await h.store.salesExports.appendRows(id, 0, 'half-written\r\n');
    expect(await h.buildSalesExport.execute(id)).toBe('busy');
    h.clock.advance(SALES_EXPORT_LEASE_MS);
    expect(await h.buildSalesExport.execute(id)).toBe('built');
    expect(parseCsv((await textOf(await h.readSalesExportCsv.execute(id, admin))).text)).toEqual(await reportRecords(h, range));
  });

  it('is NOT_FOUND for an export that does not exist (a permanent failure)', async () => {
    const h = createHarness();
    await expectFailure(h.buildSalesExport.execute('01890a5d-ac96-774b-bcce-b302099a8057'), 'NOT_FOUND');
  });
});

describe('downloading a sales export', () => {
  it('is CONFLICT while the export is PENDING or RUNNING', async () => {
    const { h, admin, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    await expectFailure(h.readSalesExportCsv.execute(id, admin), 'CONFLICT');
    await h.store.salesExports.start(id, h.clock.now());
    await expectFailure(h.readSalesExportCsv.execute(id, admin), 'CONFLICT');
  });

  it('is CONFLICT for a FAILED export', async () => {
    const { h, admin, range } = await aShop();
    const { id } = await h.requestSalesExport.execute(range, admin);
    await h.store.salesExports.fail(id, 'broken', h.clock.now());
    await expectFailure(h.readSalesExportCsv.execute(id, admin), 'CONFLICT');
  });

  it('is NOT_FOUND for an unknown or malformed id', async () => {
    const { h, admin } = await aShop();
    await expectFailure(h.readSalesExportCsv.execute('01890a5d-ac96-774b-bcce-b302099a8057', admin), 'NOT_FOUND');
    await expectFailure(h.readSalesExportCsv.execute('nope', admin), 'NOT_FOUND');
  });
});
