import { describe, expect, it, vi } from 'vitest';
import type { Product } from '../../../src/core/catalog/product.js';
import type { ListProductsInput, ProductPage } from '../../../src/core/catalog/list-products.js';
import { createHarness, expectFailure, type Harness } from '../use-case-harness.js';

const ids = (products: Product[]) => products.map((product) => product.id);
const pageIds = (page: ProductPage) => page.edges.map((edge) => edge.node.id);

async function walk(h: Harness, input: ListProductsInput): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: ProductPage = await h.listProducts.execute({ ...input, after }, null);
    seen.push(...pageIds(page));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging does not end');
}

describe('list products', () => {
  it('lists to anyone, oldest first, with the total', async () => {
    const h = createHarness();
    const start = h.clock.now();
    h.clock.advance(2000);
    const newest = await h.aProduct();
    h.clock.set(start);
    const oldest = await h.aProduct();
    const page = await h.listProducts.execute({}, null);
    expect(pageIds(page)).toEqual([oldest.id, newest.id]);
    expect(page.totalCount).toBe(2);
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges[1]!.cursor });
  });

  it('breaks ties by id and pages through without gaps or repeats', async () => {
    const h = createHarness();
    const made: Product[] = [];
    for (let i = 0; i < 7; i++) {
      made.push(await h.aProduct());
      h.clock.advance(-1000);
    }
    expect(new Set(made.map((product) => product.createdAt.getTime())).size).toBe(1);
    expect(await walk(h, { first: 3 })).toEqual(ids(made).sort());
  });

  it('answers 20 by default and at most 100', async () => {
    const h = createHarness();
    for (let i = 0; i < 21; i++) await h.aProduct();
    expect((await h.listProducts.execute({}, null)).edges).toHaveLength(20);
    expect((await h.listProducts.execute({ first: 100 }, null)).edges).toHaveLength(21);
  });

  it('refuses a page size outside 1 to 100 and a bad cursor', async () => {
    const h = createHarness();
    for (const first of [0, -1, 101, 1.5, '5', Number.NaN]) {
      await expectFailure(h.listProducts.execute({ first: first as number }, null), 'BAD_USER_INPUT', ['first']);
    }
    for (const after of ['not a cursor', 'eA', 42]) {
      await expectFailure(h.listProducts.execute({ after: after as string }, null), 'BAD_USER_INPUT', ['after']);
    }
  });

  it('leaves archived products out unless includeArchived, in the total too', async () => {
    const h = createHarness();
    const live = await h.aProduct();
    const archived = await h.aProduct();
    await h.updateProduct.execute(archived.id, { archived: true }, (await h.aUser({ role: 'ADMIN' })).actor);
    const shown = await h.listProducts.execute({}, null);
    expect([pageIds(shown), shown.totalCount]).toEqual([[live.id], 1]);
    const all = await h.listProducts.execute({ includeArchived: true }, null);
    expect([pageIds(all), all.totalCount]).toEqual([[live.id, archived.id], 2]);
    await expectFailure(h.listProducts.execute({ includeArchived: 'yes' as unknown as boolean }, null), 'BAD_USER_INPUT', ['includeArchived']);
  });

  it('searches name or sku case-insensitively, taking the search literally', async () => {
    const h = createHarness();
    const widget = await h.aProduct({ name: 'Blue Widget' });
    const bySku = await h.aProduct({ sku: 'BLUE-9', name: 'Gadget' });
    const percent = await h.aProduct({ name: '100% cotton' });
    await h.aProduct({ name: 'Red thing' });
    const blue = await h.listProducts.execute({ search: 'bLuE' }, null);
    expect([pageIds(blue), blue.totalCount]).toEqual([[widget.id, bySku.id], 2]);
    expect(pageIds(await h.listProducts.execute({ search: '%' }, null))).toEqual([percent.id]);
    expect(pageIds(await h.listProducts.execute({ search: '.*' }, null))).toEqual([]);
  });

  it('refuses a search that is empty, longer than 100 characters or not a string', async () => {
    const h = createHarness();
    expect((await h.listProducts.execute({ search: 'x'.repeat(100) }, null)).edges).toEqual([]);
    for (const search of ['', 'x'.repeat(101), 5, { $regex: '.*' }]) {
      await expectFailure(h.listProducts.execute({ search: search as string }, null), 'BAD_USER_INPUT', ['search']);
    }
  });

  it('skips the count when the caller does not show the total', async () => {
    const h = createHarness();
    await h.aProduct();
    const count = vi.spyOn(h.store.products, 'count');
    const page = await h.listProducts.execute({}, null, { withTotal: false });
    expect(page.totalCount).toBeUndefined();
    expect(page.edges).toHaveLength(1);
    expect(count).not.toHaveBeenCalled();
  });
});
