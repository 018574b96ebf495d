import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { STOCK_MAX } from '../../../src/core/catalog/product.js';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

describe('restock product', () => {
  it('adds the units and answers the product, updatedAt from the clock', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 2 });
    const { actor } = await h.aUser({ role: 'ADMIN' });
    h.clock.advance(1000);
    expect(await h.restockProduct.execute(product.id, 5, actor)).toEqual({ ...product, stock: 7, updatedAt: h.clock.now() });
  });

  it('counts every one of racing restocks', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 0 });
    await Promise.all(Array.from({ length: 10 }, () => h.restockProduct.execute(product.id, 3, OPERATOR)));
    expect((await h.getProduct.execute(product.id))!.stock).toBe(30);
  });

  it('refuses zero, negative, huge, fractional and non-number quantities as BAD_USER_INPUT on quantity', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 0 });
    for (const quantity of [0, -1, 1_000_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined, {}]) {
      await expectFailure(h.restockProduct.execute(product.id, quantity as number, OPERATOR), 'BAD_USER_INPUT', ['quantity']);
    }
    expect((await h.getProduct.execute(product.id))!.stock).toBe(0);
  });

  it('restocks up to 1,000,000 units, and refuses passing it as BAD_USER_INPUT on quantity, changing nothing', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 0 });
    expect((await h.restockProduct.execute(product.id, STOCK_MAX, OPERATOR)).stock).toBe(STOCK_MAX);
    const full = await h.getProduct.execute(product.id);
    await expectFailure(h.restockProduct.execute(product.id, 1, OPERATOR), 'BAD_USER_INPUT', ['quantity']);
    expect(await h.getProduct.execute(product.id)).toEqual(full);
  });

  it('requires authentication, then an ADMIN', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 1 });
    await expectFailure(h.restockProduct.execute(product.id, 1, null), 'UNAUTHENTICATED');
    await expectFailure(h.restockProduct.execute(product.id, 1, (await h.aUser()).actor), 'FORBIDDEN');
    expect((await h.getProduct.execute(product.id))!.stock).toBe(1);
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const h = createHarness();
    await expectFailure(h.restockProduct.execute(newId(), 1, OPERATOR), 'NOT_FOUND');
    await expectFailure(h.restockProduct.execute('nope', 1, OPERATOR), 'NOT_FOUND');
  });
});
