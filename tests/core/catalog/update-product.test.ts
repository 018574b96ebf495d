import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { UpdateProductInput } from '../../../src/core/catalog/update-product.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

describe('update product', () => {
  it('changes only the fields given, normalized, with updatedAt from the clock', async () => {
    const h = createHarness();
    const product = await h.aProduct({ description: 'old' });
    const { actor } = await h.aUser({ role: 'ADMIN' });
    h.clock.advance(5000);
    const updated = await h.updateProduct.execute(product.id, { sku: ' new-sku ', name: ' New name ', priceCents: 0 }, actor);
    expect(updated).toEqual({ ...product, sku: 'NEW-SKU', name: 'New name', priceCents: 0, updatedAt: h.clock.now() });
    expect(await h.getProduct.execute(product.id)).toEqual(updated);
  });

  it('archives and restores a product', async () => {
    const h = createHarness();
    const product = await h.aProduct();
    expect((await h.updateProduct.execute(product.id, { archived: true }, OPERATOR)).archived).toBe(true);
    expect((await h.updateProduct.execute(product.id, { archived: false }, OPERATOR)).archived).toBe(false);
  });

  it('requires authentication, then an ADMIN', async () => {
    const h = createHarness();
    const product = await h.aProduct();
    await expectFailure(h.updateProduct.execute(product.id, { name: 'X' }, null), 'UNAUTHENTICATED');
    await expectFailure(h.updateProduct.execute(product.id, { name: 'X' }, (await h.aUser()).actor), 'FORBIDDEN');
    expect(await h.getProduct.execute(product.id)).toEqual(product);
  });

  it('answers NOT_FOUND for an unknown or malformed id', async () => {
    const h = createHarness();
    await expectFailure(h.updateProduct.execute(newId(), { name: 'X' }, OPERATOR), 'NOT_FOUND');
    await expectFailure(h.updateProduct.execute('nope', { name: 'X' }, OPERATOR), 'NOT_FOUND');
  });

  it('never sets the stock: it is not a field that can be set', async () => {
    const h = createHarness();
    const product = await h.aProduct({ stock: 3 });
    await expectFailure(h.updateProduct.execute(product.id, { stock: 99 } as UpdateProductInput, OPERATOR), 'BAD_USER_INPUT', ['stock']);
    expect((await h.getProduct.execute(product.id))!.stock).toBe(3);
  });

  it('needs at least one field', async () => {
    const h = createHarness();
    const product = await h.aProduct();
    await expectFailure(h.updateProduct.execute(product.id, {}, OPERATOR), 'BAD_USER_INPUT', ['input']);
    await expectFailure(h.updateProduct.execute(product.id, { name: undefined }, OPERATOR), 'BAD_USER_INPUT', ['input']);
  });

  it('refuses invalid values, naming each field, and changes nothing', async () => {
    const h = createHarness();
    const product = await h.aProduct();
    const bad = { sku: 'a b', name: '', description: '\u0000', priceCents: 1.5, archived: 'yes' } as unknown as UpdateProductInput;
    await expectFailure(h.updateProduct.execute(product.id, bad, OPERATOR), 'BAD_USER_INPUT', ['sku', 'name', 'description', 'priceCents', 'archived']);
    for (const priceCents of [-1, 1_000_001, '5', Number.NaN]) {
      await expectFailure(h.updateProduct.execute(product.id, { priceCents: priceCents as number }, OPERATOR), 'BAD_USER_INPUT', ['priceCents']);
    }
    expect(await h.getProduct.execute(product.id)).toEqual(product);
  });

  it('refuses a sku another product has as CONFLICT, and accepts its own', async () => {
    const h = createHarness();
    const a = await h.aProduct({ sku: 'TAKEN' });
    const b = await h.aProduct();
    await expectFailure(h.updateProduct.execute(b.id, { sku: 'taken' }, OPERATOR), 'CONFLICT');
    expect((await h.updateProduct.execute(a.id, { sku: 'taken' }, OPERATOR)).sku).toBe('TAKEN');
  });
});
