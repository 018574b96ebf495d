import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/entry-points/cli/run-cli.js';
import { parseCsv } from '../../support/csv.js';
import { aLargeReport, buildSalesExport, EXPORT_FIELDS, reportRecords } from '../../support/sales-exports.js';
import { createCliHarness, UNKNOWN_ID } from './cli-harness.js';

const HOUR = 3_600_000;
const aroundNow = () => ({ from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString() });

let h: ReturnType<typeof createCliHarness>;
beforeEach(() => {
  h = createCliHarness();
});

async function requestExport(range = aroundNow()) {
  const run = await h.cli(['reports', 'export', '--from', range.from, '--to', range.to]);
  expect(run.status, run.stderr).toBe(0);
  return run.out.export;
}

describe('CLI reports export', () => {
  it('prints {"export"}: PENDING, the range, the same fields as REST', async () => {
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
    const run = await h.cli(['reports', 'export', '--from', '2026-01-01T00:00:00Z', '--to', '2026-02-01T00:00:00Z']);
    expect(run.status, run.stderr).toBe(0);
    expect(Object.keys(run.out)).toEqual(['export']);
    expect(Object.keys(run.out.export).sort()).toEqual(EXPORT_FIELDS);
    expect(run.out.export).toMatchObject({ status: 'PENDING', ...range, downloadPath: null, finishedAt: null });
  });

  it('refuses a reversed range on to, exit status 1, and needs both flags', async () => {
    const run = await h.cli(['reports', 'export', '--from', '2026-02-01T00:00:00Z', '--to', '2026-01-01T00:00:00Z']);
    expect(run.status).toBe(1);
    expect(run.err.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'to' }] });
    const usage = await h.cli(['reports', 'export', '--from', '2026-01-01T00:00:00Z']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/reports export needs --to/);
  });
});

describe('CLI reports export-status', () => {
  it('prints the export as `reports export` did, then DONE with its download path once built', async () => {
    const created = await requestExport();
    expect((await h.cli(['reports', 'export-status', created.id])).out).toEqual({ export: created });
    await buildSalesExport(h.store, created.id);
    const done = (await h.cli(['reports', 'export-status', created.id])).out.export;
    expect(done).toMatchObject({ status: 'DONE', downloadPath: `/api/reports/sales/exports/${created.id}/csv` });
  });

  it('is NOT_FOUND, exit status 1, for an unknown id', async () => {
    const run = await h.cli(['reports', 'export-status', UNKNOWN_ID]);
    expect(run.status).toBe(1);
    expect(run.err.error.code).toBe('NOT_FOUND');
  });
});

describe('CLI reports export-csv', () => {
  it('writes the CSV of a DONE export to stdout, equal to the sales report', async () => {
    const range = await aLargeReport(h.store, 3);
    const { id } = await requestExport(range);
    await buildSalesExport(h.store, id);
    const run = await h.cli(['reports', 'export-csv', id]);
    expect(run.status, run.stderr).toBe(0);
    expect(parseCsv(run.stdout)).toEqual(await reportRecords(h.store, range));
  });

  it('streams a report of 1,200 products one chunk per write, never the whole CSV at once', async () => {
    const range = await aLargeReport(h.store, 1200);
    const { id } = await requestExport(range);
    await buildSalesExport(h.store, id);
    const writes: string[] = [];
    const status = await runCli(['reports', 'export-csv', id], { stdout: (text) => void writes.push(text), stderr: () => undefined }, async () => ({
      useCases: h.useCases,
      close: async () => undefined,
    }));
    expect(status).toBe(0);
    expect(writes).toHaveLength(3);
    expect(parseCsv(writes.join(''))).toEqual(await reportRecords(h.store, range));
  });

  it('is CONFLICT, exit status 1, with nothing on stdout, before the export is DONE', async () => {
    const { id } = await requestExport();
    const run = await h.cli(['reports', 'export-csv', id]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.err.error.code).toBe('CONFLICT');
  });

  it('is NOT_FOUND, exit status 1, for an unknown id', async () => {
    const run = await h.cli(['reports', 'export-csv', UNKNOWN_ID]);
    expect(run.status).toBe(1);
    expect(run.err.error.code).toBe('NOT_FOUND');
  });
});
