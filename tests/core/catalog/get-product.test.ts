import { describe, expect, it, vi } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { createHarness } from '../use-case-harness.js';

describe('get product', () => {
  it('answers a product to anyone, archived or not', async () => {
    const h = createHarness();
    const live = await h.aProduct();
    const archived = await h.aProduct({ sku: 'OLD-1' });
    await h.store.products.update(archived.id, { archived: true, updatedAt: h.clock.now() });
    expect(await h.getProduct.execute(live.id)).toEqual(live);
    expect(await h.getProduct.execute(archived.id)).toMatchObject({ id: archived.id, archived: true });
  });

  it('answers null for an unknown id, and for a malformed one without asking the store', async () => {
    const h = createHarness();
    await h.aProduct();
    expect(await h.getProduct.execute(newId())).toBeNull();
    const findById = vi.spyOn(h.store.products, 'findById');
    for (const id of ['nope', '', "' OR 1=1 --", { $ne: '' }, 42]) expect(await h.getProduct.execute(id as string)).toBeNull();
    expect(findById).not.toHaveBeenCalled();
  });
});

describe('get products by ids', () => {
  it('answers in the order of the ids, null where there is none, in one store read', async () => {
    const h = createHarness();
    const [a, b] = [await h.aProduct(), await h.aProduct()];
    const findManyByIds = vi.spyOn(h.store.products, 'findManyByIds');
    const unknown = newId();
    expect(await h.getProductsByIds.execute([b.id, unknown, a.id, 'nope', b.id])).toEqual([b, null, a, null, b]);
    expect(findManyByIds).toHaveBeenCalledTimes(1);
    expect(findManyByIds.mock.calls[0]![0]).toEqual([b.id, unknown, a.id]);
  });

  it('asks the store nothing when no id is well formed', async () => {
    const h = createHarness();
    const findManyByIds = vi.spyOn(h.store.products, 'findManyByIds');
    expect(await h.getProductsByIds.execute(['x', ''])).toEqual([null, null]);
    expect(await h.getProductsByIds.execute([])).toEqual([]);
    expect(findManyByIds).not.toHaveBeenCalled();
  });
});
