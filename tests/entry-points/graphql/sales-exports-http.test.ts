/**
 * jobs.graphql over real HTTP: requesting a sales export and reading it back,
 * its download path once a build (the worker's use case, run here directly)
 * has made it DONE, and who may do what.
 */
import { expect, it } from 'vitest';
import { parseCsv } from '../../support/csv.js';
import { buildSalesExport, reportRecords } from '../../support/sales-exports.js';
import { describeEachStore } from '../../support/stores.js';
import { REQUEST_SALES_EXPORT, SALES_EXPORT } from './jobs-documents.js';
import { codeOf, fieldsOf, useOrdersApi } from './orders-http.js';

const HOUR = 3_600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const aroundNow = () => ({ from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + HOUR).toISOString() });

describeEachStore('GraphQL sales exports over HTTP', (fixture) => {
  const api = useOrdersApi(fixture);

  it('requestSalesExport answers a PENDING export of the range with no download path, and salesExport reads it back', async () => {
    const admin = await api.anAdmin();
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };
    const answer = await api.post(REQUEST_SALES_EXPORT, range, admin.accessToken);
    expect(answer.body.errors).toBeUndefined();
    const created = answer.body.data!.requestSalesExport;
    expect(created).toMatchObject({ status: 'PENDING', ...range, downloadPath: null, finishedAt: null });
    expect(created.createdAt).toMatch(ISO_DATE);
    const read = await api.post(SALES_EXPORT, { id: created.id }, admin.accessToken);
    expect(read.body).toEqual({ data: { salesExport: created } });
  });

  it('gives the download path once built, and that path serves the report as CSV with the same token', async () => {
    const admin = await api.anAdmin();
    const customer = await api.aUser();
    const [lamp, mug] = [await api.aProduct(admin, { priceCents: 5000 }), await api.aProduct(admin, { priceCents: 1000 })];
    await api.anOrder(customer, [{ productId: lamp.id, quantity: 1 }, { productId: mug.id, quantity: 4 }]);
    const range = aroundNow();
    const { id } = (await api.post(REQUEST_SALES_EXPORT, range, admin.accessToken)).body.data!.requestSalesExport;
    await buildSalesExport(fixture().store, id);
    const done = (await api.post(SALES_EXPORT, { id }, admin.accessToken)).body.data!.salesExport!;
    expect(done).toMatchObject({ status: 'DONE', downloadPath: `/api/reports/sales/exports/${id}/csv` });
    expect(done.finishedAt).toMatch(ISO_DATE);
    const response = await fetch(`${api.url()}${done.downloadPath}`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(response.status).toBe(200);
    expect(parseCsv(await response.text())).toEqual(await reportRecords(fixture().store, range));
  });

  it('salesExport is null for an unknown or malformed id', async () => {
    const admin = await api.anAdmin();
    for (const id of ['01890a5d-ac96-774b-bcce-b302099a8057', 'nope']) {
      expect((await api.post(SALES_EXPORT, { id }, admin.accessToken)).body).toEqual({ data: { salesExport: null } });
    }
  });

  it('is FORBIDDEN to a USER and UNAUTHENTICATED without a token', async () => {
    const admin = await api.anAdmin();
    const user = await api.aUser();
    const { id } = (await api.post(REQUEST_SALES_EXPORT, aroundNow(), admin.accessToken)).body.data!.requestSalesExport;
    expect(codeOf(await api.post(REQUEST_SALES_EXPORT, aroundNow(), user.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await api.post(SALES_EXPORT, { id }, user.accessToken))).toBe('FORBIDDEN');
    expect(codeOf(await api.raw('mutation($f: DateTime!, $t: DateTime!) { requestSalesExport(from: $f, to: $t) { id } }', { f: aroundNow().from, t: aroundNow().to }))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it.each([
    [{ from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    [{ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    [{ from: '2025-01-01T00:00:00.000Z', to: '2026-01-03T00:00:00.000Z' }],
  ])('refuses the range %j with BAD_USER_INPUT on `to`', async (range) => {
    const admin = await api.anAdmin();
    const answer = await api.post(REQUEST_SALES_EXPORT, range, admin.accessToken);
    expect(codeOf(answer)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(answer)).toEqual(['to']);
  });
});
