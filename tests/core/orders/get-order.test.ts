import { describe, expect, it, vi } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

describe('get order', () => {
  it('answers the order to its customer, ADMINs and the operator, without its idempotency key', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    const product = await h.aProduct();
    const order = await h.anOrder(actor, [{ productId: product.id }], 'secret-key');
    const admin = (await h.aUser({ role: 'ADMIN' })).actor;
    for (const who of [actor, admin, OPERATOR]) {
      const seen = await h.getOrder.execute(order.id, who);
      expect(seen).toEqual(order);
      expect(seen).not.toHaveProperty('idempotencyKey');
    }
  });

  it("answers null for another customer's order, as if there were none", async () => {
    const h = createHarness();
    const owner = (await h.aUser()).actor;
    const other = (await h.aUser()).actor;
    const order = await h.anOrder(owner, [{ productId: (await h.aProduct()).id }]);
    expect(await h.getOrder.execute(order.id, other)).toBeNull();
  });

  it('answers null for an unknown id, and for a malformed one without asking the store', async () => {
    const h = createHarness();
    const { actor } = await h.aUser();
    expect(await h.getOrder.execute(newId(), actor)).toBeNull();
    const findById = vi.spyOn(h.store.orders, 'findById');
    for (const id of ['nope', '', { $ne: '' }]) expect(await h.getOrder.execute(id as string, OPERATOR)).toBeNull();
    expect(findById).not.toHaveBeenCalled();
  });

  it('requires authentication', async () => {
    const h = createHarness();
    await expectFailure(h.getOrder.execute(newId(), null), 'UNAUTHENTICATED');
  });
});
