import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { SETTLE_GRACE_MS, SettlePlacements } from '../../../src/core/orders/settle-placements.js';
import { createHarness, expectFailure, T0 } from '../use-case-harness.js';

describe('settle placements', () => {
  it('answers {settled: n} for the store that never leaves a placement unfinished', async () => {
    const h = createHarness();
    expect(await h.settlePlacements.execute(OPERATOR)).toEqual({ settled: 0 });
  });

  it('settles only the placements older than 30 s, and answers how many the store settled', async () => {
    const asked: Date[] = [];
    const settle = new SettlePlacements({
      orders: { settleUnfinished: async (olderThan) => (asked.push(olderThan), 3) },
      clock: () => T0,
    });
    expect(await settle.execute(OPERATOR)).toEqual({ settled: 3 });
    expect(asked).toEqual([new Date(T0.getTime() - SETTLE_GRACE_MS)]);
    expect(SETTLE_GRACE_MS).toBe(30_000);
  });

  it('is for the operator only: FORBIDDEN for an ADMIN, UNAUTHENTICATED without an actor', async () => {
    const h = createHarness();
    const { actor: admin } = await h.aUser({ role: 'ADMIN' });
    await expectFailure(h.settlePlacements.execute(admin), 'FORBIDDEN');
    await expectFailure(h.settlePlacements.execute(null), 'UNAUTHENTICATED');
  });
});
