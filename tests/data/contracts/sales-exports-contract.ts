/**
 * The SalesExportRepository contract, written once and run on every store by
 * tests/data/sales-exports-store-contract.test.ts: the claim is a
 * compare-and-set (one winner of racing builders), a chunk goes in once, and
 * the CSV comes back in chunk order.
 */
import { expect, it } from 'vitest';
import { SALES_EXPORT_LEASE_MS, type SalesExport } from '../../../src/core/reports/sales-export.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { at } from './contract-data.js';

export function anExport(overrides: Partial<SalesExport> = {}): SalesExport {
  const createdAt = overrides.createdAt ?? at(0);
  return {
    id: newId(createdAt),
    status: 'PENDING',
    from: at(-86_400_000),
    to: at(86_400_000),
    createdAt,
    startedAt: null,
    finishedAt: null,
    requestedBy: newId(),
    failureReason: null,
    ...overrides,
  };
}

const collect = async (chunks: AsyncIterable<string>): Promise<string[]> => {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
};

export function salesExportsContract(fixture: () => StoreFixture): void {
  const exports = () => fixture().store.salesExports;

  it('stores an export and finds it by id, every field as given', async () => {
    const salesExport = anExport({ requestedBy: null });
    await exports().insert(salesExport);
    expect(await exports().findById(salesExport.id)).toEqual(salesExport);
  });

  it('finds nothing for an unknown or malformed id', async () => {
    await exports().insert(anExport());
    for (const id of [newId(), 'nope', '', "' OR 1=1 --"]) expect(await exports().findById(id)).toBeNull();
  });

  it('lets exactly one of several racing builders claim a PENDING export', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    const claims = await Promise.all(Array.from({ length: 5 }, () => exports().start(salesExport.id, at(1000))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await exports().findById(salesExport.id)).toMatchObject({ status: 'RUNNING', startedAt: at(1000) });
  });

  it('refuses a claim of a RUNNING export whose lease is fresh, and grants it once the lease is stale', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    expect(await exports().start(salesExport.id, at(1000))).toBe(true);
    expect(await exports().start(salesExport.id, at(1000 + SALES_EXPORT_LEASE_MS - 1))).toBe(false);
    expect(await exports().start(salesExport.id, at(1000 + SALES_EXPORT_LEASE_MS))).toBe(true);
    expect(await exports().findById(salesExport.id)).toMatchObject({ status: 'RUNNING', startedAt: at(1000 + SALES_EXPORT_LEASE_MS) });
  });

  it('refuses a claim of an unknown, DONE or FAILED export', async () => {
    const [done, failed] = [anExport(), anExport()];
    for (const salesExport of [done, failed]) {
      await exports().insert(salesExport);
      await exports().start(salesExport.id, at(1));
    }
    await exports().finish(done.id, at(2));
    await exports().fail(failed.id, 'broken', at(2));
    expect(await exports().start(newId(), at(3))).toBe(false);
    expect(await exports().start(done.id, at(SALES_EXPORT_LEASE_MS * 2))).toBe(false);
    expect(await exports().start(failed.id, at(SALES_EXPORT_LEASE_MS * 2))).toBe(false);
  });

  it('reads the chunks back in index order, whatever order they were written in', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    await exports().start(salesExport.id, at(1));
    // More chunks than one read of the store fetches, to cross the adapters' batch boundary.
    const order = [3, 0, 9, 1, 7, 2, 8, 4, 6, 5, 10];
    for (const index of order) await exports().appendRows(salesExport.id, index, `chunk ${index}\r\n`);
    expect(await collect(exports().readCsv(salesExport.id))).toEqual(Array.from({ length: 11 }, (_, i) => `chunk ${i}\r\n`));
  });

  it('keeps the first text of a chunk index written twice', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    await exports().start(salesExport.id, at(1));
    await exports().appendRows(salesExport.id, 0, 'first\r\n');
    await exports().appendRows(salesExport.id, 0, 'second\r\n');
    await exports().appendRows(salesExport.id, 1, 'next\r\n');
    expect(await collect(exports().readCsv(salesExport.id))).toEqual(['first\r\n', 'next\r\n']);
  });

  it("keeps each export's chunks apart", async () => {
    const [a, b] = [anExport(), anExport()];
    for (const salesExport of [a, b]) await exports().insert(salesExport);
    await exports().appendRows(a.id, 0, 'a0');
    await exports().appendRows(b.id, 0, 'b0');
    await exports().appendRows(a.id, 1, 'a1');
    expect(await collect(exports().readCsv(a.id))).toEqual(['a0', 'a1']);
    expect(await collect(exports().readCsv(b.id))).toEqual(['b0']);
    expect(await collect(exports().readCsv(newId()))).toEqual([]);
  });

  it('starts a reclaimed export with no chunks: a rebuild never mixes two attempts', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    await exports().start(salesExport.id, at(1));
    await exports().appendRows(salesExport.id, 0, 'abandoned 0');
    await exports().appendRows(salesExport.id, 1, 'abandoned 1');
    expect(await exports().start(salesExport.id, at(1 + SALES_EXPORT_LEASE_MS))).toBe(true);
    await exports().appendRows(salesExport.id, 0, 'rebuilt 0');
    expect(await collect(exports().readCsv(salesExport.id))).toEqual(['rebuilt 0']);
  });

  it('finishes a RUNNING export as DONE at the given time, and leaves a PENDING one alone', async () => {
    const [running, pending] = [anExport(), anExport()];
    for (const salesExport of [running, pending]) await exports().insert(salesExport);
    await exports().start(running.id, at(1));
    await exports().finish(running.id, at(2));
    await exports().finish(pending.id, at(2));
    expect(await exports().findById(running.id)).toEqual({ ...running, status: 'DONE', startedAt: at(1), finishedAt: at(2) });
    expect(await exports().findById(pending.id)).toEqual(pending);
  });

  it('fails a PENDING or RUNNING export with its reason, and never a DONE one', async () => {
    const [pending, running, done] = [anExport(), anExport(), anExport()];
    for (const salesExport of [pending, running, done]) await exports().insert(salesExport);
    for (const salesExport of [running, done]) await exports().start(salesExport.id, at(1));
    await exports().finish(done.id, at(2));
    for (const salesExport of [pending, running, done]) await exports().fail(salesExport.id, 'the store said no', at(3));
    expect(await exports().findById(pending.id)).toEqual({ ...pending, status: 'FAILED', finishedAt: at(3), failureReason: 'the store said no' });
    expect(await exports().findById(running.id)).toMatchObject({ status: 'FAILED', finishedAt: at(3), failureReason: 'the store said no' });
    expect(await exports().findById(done.id)).toMatchObject({ status: 'DONE', finishedAt: at(2), failureReason: null });
  });

  it('round-trips CSV text with commas, quotes, line breaks and non-ASCII exactly', async () => {
    const salesExport = anExport();
    await exports().insert(salesExport);
    const text = 'productId,name\r\nx,"Lamp, ""brass""\nand glass" — ünïcödé 💡\r\n';
    await exports().appendRows(salesExport.id, 0, text);
    expect(await collect(exports().readCsv(salesExport.id))).toEqual([text]);
  });
}
