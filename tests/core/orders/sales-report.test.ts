import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

const DAY = 86_400_000;

describe('sales report', () => {
  it('reports units, revenue and orders per product over [from, to), best-selling first, without cancelled orders', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const cheap = await h.aProduct({ priceCents: 100, stock: 100 });
    const dear = await h.aProduct({ priceCents: 1000, stock: 100 });
    const from = h.clock.now();
    await h.anOrder(actor, [{ productId: cheap.id, quantity: 3 }, { productId: dear.id, quantity: 1 }]);
    h.clock.advance(1000);
    await h.anOrder(actor, [{ productId: cheap.id, quantity: 2 }]);
    const cancelled = await h.anOrder(actor, [{ productId: dear.id, quantity: 50 }]);
    await h.cancelOrder.execute(cancelled.id, actor);
    const to = new Date(h.clock.now().getTime() + 1);
    h.clock.advance(DAY);
    await h.anOrder(actor, [{ productId: dear.id, quantity: 5 }]); // after `to`
    const admin = (await h.aUser({ role: 'ADMIN' })).actor;
    expect(await h.salesReport.execute({ from, to }, admin)).toEqual([
      { productId: dear.id, unitsSold: 1, revenueCents: 1000, orderCount: 1 },
      { productId: cheap.id, unitsSold: 5, revenueCents: 500, orderCount: 2 },
    ]);
    expect(await h.salesReport.execute({ from: to, to: new Date(to.getTime() + 1000) }, OPERATOR)).toEqual([]);
  });

  it('is for ADMINs and the operator only', async () => {
    const h = createHarness();
    const range = { from: h.clock.now(), to: new Date(h.clock.now().getTime() + DAY) };
    await expectFailure(h.salesReport.execute(range, null), 'UNAUTHENTICATED');
    await expectFailure(h.salesReport.execute(range, (await h.aUser()).actor), 'FORBIDDEN');
  });

  it('takes a range of up to 366 days; empty, reversed or longer is BAD_USER_INPUT on to', async () => {
    const h = createHarness();
    const from = h.clock.now();
    const later = (ms: number) => new Date(from.getTime() + ms);
    expect(await h.salesReport.execute({ from, to: later(366 * DAY) }, OPERATOR)).toEqual([]);
    for (const to of [from, later(-1), later(366 * DAY + 1), later(-400 * DAY)]) {
      await expectFailure(h.salesReport.execute({ from, to }, OPERATOR), 'BAD_USER_INPUT', ['to']);
    }
  });

  it('refuses values that are not dates', async () => {
    const h = createHarness();
    const from = h.clock.now();
    await expectFailure(h.salesReport.execute({ from: new Date('nope'), to: from }, OPERATOR), 'BAD_USER_INPUT', ['from']);
    await expectFailure(h.salesReport.execute({ from, to: '2026-01-01' as unknown as Date }, OPERATOR), 'BAD_USER_INPUT', ['to']);
    await expectFailure(h.salesReport.execute(null as unknown as { from: Date; to: Date }, OPERATOR), 'BAD_USER_INPUT', ['from']);
  });
});
