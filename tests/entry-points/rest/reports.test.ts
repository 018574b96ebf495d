import { expect, it } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { catalogHelpers, expectProductJson, SALES_FIELDS } from './catalog-harness.js';
import { expectError, useRestApi } from './rest-harness.js';

const HOUR = 3_600_000;
/** A range around now, so it holds every order a test places. */
const aroundNow = () => `from=${new Date(Date.now() - HOUR).toISOString()}&to=${new Date(Date.now() + HOUR).toISOString()}`;

describeEachStore(
  'REST /api/reports/sales',
  (fixture) => {
    const api = useRestApi(fixture);
    const shop = catalogHelpers(api);

    it('answers an ADMIN with {"sales"}: per product, best-selling first, cancelled orders left out, products embedded', async () => {
      const admin = await api.anAdmin();
      const customer = await api.aUser();
      const [lamp, mug, pen] = await shop.createProducts(admin.token, { priceCents: 5000 }, { priceCents: 1000 }, { priceCents: 100 });
      await shop.anOrder(customer.token, [{ productId: mug!.id, quantity: 3 }, { productId: lamp!.id, quantity: 1 }]);
      await shop.anOrder(customer.token, [{ productId: mug!.id, quantity: 2 }]);
      const cancelled = await shop.anOrder(customer.token, [{ productId: pen!.id, quantity: 5 }]);
      await api.request('POST', `/api/orders/${cancelled.id}/cancel`, { token: customer.token });

      const answer = await api.request('GET', `/api/reports/sales?${aroundNow()}`, { token: admin.token });
      expect(answer.status, answer.text).toBe(200);
      expect(Object.keys(answer.body)).toEqual(['sales']);
      for (const row of answer.body.sales) {
        expect(Object.keys(row).sort()).toEqual(SALES_FIELDS);
        expectProductJson(row.product);
      }
      // Equal revenue: more units first.
      expect(answer.body.sales.map((row: any) => [row.product.id, row.unitsSold, row.revenueCents, row.orderCount])).toEqual([
        [mug!.id, 5, 5000, 2],
        [lamp!.id, 1, 5000, 1],
      ]);
    });

    it('answers an empty list when nothing sold in the range', async () => {
      const admin = await api.anAdmin();
      const answer = await api.request('GET', '/api/reports/sales?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z', { token: admin.token });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body).toEqual({ sales: [] });
    });

    it('is 401 without a token and 403 for a USER', async () => {
      const { token } = await api.aUser();
      expectError(await api.request('GET', `/api/reports/sales?${aroundNow()}`), 401, 'UNAUTHENTICATED');
      expectError(await api.request('GET', `/api/reports/sales?${aroundNow()}`, { token }), 403, 'FORBIDDEN');
    });

    it.each([
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['from=2025-01-01T00:00:00Z&to=2026-01-03T00:00:00Z', 'to'],
      ['from=yesterday&to=2026-01-01T00:00:00Z', 'from'],
      ['from=2026-01-01&to=2026-02-01T00:00:00Z', 'from'],
      ['from=2026-01-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&product=x', 'product'],
    ])('refuses %s with 400 naming %s', async (query, field) => {
      const admin = await api.anAdmin();
      expectError(await api.request('GET', `/api/reports/sales?${query}`, { token: admin.token }), 400, 'BAD_USER_INPUT', [field]);
    });

    it('is 405 with Allow: GET, HEAD for POST', async () => {
      const answer = await api.request('POST', '/api/reports/sales');
      expectError(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe('GET, HEAD');
    });
  },
);
