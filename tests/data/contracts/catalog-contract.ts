/**
 * The ProductRepository contract, written once and run on every store by
 * tests/data/orders-store-contract.test.ts: if a store passes it, the core
 * cannot tell it from the others.
 */
import { expect, it } from 'vitest';
import { STOCK_MAX } from '../../../src/core/catalog/product.js';
import type { ProductFilter } from '../../../src/core/catalog/product-repository.js';
import { ConflictError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { aProduct, at, stocked } from './contract-data.js';

const MALFORMED_IDS = ['nope', '', "' OR 1=1 --", '507f1f77bcf86cd799439011'];
const ALL: ProductFilter = { includeArchived: true };
const ids = (records: { id: string }[]) => records.map((record) => record.id);

export function catalogContract(fixture: () => StoreFixture): void {
  const store = () => fixture().store;
  const products = () => store().products;

  it('returns an inserted product by id with every field intact', async () => {
    const product = aProduct({ description: 'Line one\nline two', priceCents: 0, stock: 0, archived: true });
    await products().insert(product);
    expect(await products().findById(product.id)).toEqual(product);
  });

  it('finds nothing for an unknown or malformed product id', async () => {
    await stocked(store(), aProduct());
    expect(await products().findById(newId())).toBeNull();
    for (const id of MALFORMED_IDS) expect(await products().findById(id)).toBeNull();
  });

  it('reads many products at once, skipping unknown, malformed and repeated ids', async () => {
    const [a, b] = await stocked(store(), aProduct(), aProduct(), aProduct());
    const found = await products().findManyByIds([b!.id, newId(), a!.id, 'nope', b!.id]);
    expect([...found].sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([a!, b!].sort((x, y) => (x.id < y.id ? -1 : 1)));
    expect(await products().findManyByIds([])).toEqual([]);
  });

  it('refuses a second product with the same sku as CONFLICT', async () => {
    const first = aProduct();
    await products().insert(first);
    await expect(products().insert(aProduct({ sku: first.sku }))).rejects.toBeInstanceOf(ConflictError);
    expect(await products().count(ALL)).toBe(1);
  });

  it('lets exactly one of 10 racing inserts of one sku win', async () => {
    const sku = aProduct().sku;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => products().insert(aProduct({ sku }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(await products().count(ALL)).toBe(1);
  });

  it('updates only the fields given and returns the result', async () => {
    const [product] = await stocked(store(), aProduct());
    const changes = { name: 'Renamed', priceCents: 999, updatedAt: at(999_999) };
    const updated = await products().update(product!.id, changes);
    expect(updated).toEqual({ ...product, ...changes });
    expect(await products().findById(product!.id)).toEqual(updated);
  });

  it('updates every changeable field at once, never the stock', async () => {
    const [product] = await stocked(store(), aProduct({ stock: 7 }));
    const changes = { sku: 'NEW-SKU', name: 'New', description: '', priceCents: 1_000_000, archived: true, updatedAt: at(5) };
    expect(await products().update(product!.id, changes)).toEqual({ ...product, ...changes, stock: 7 });
  });

  it('answers null when updating an unknown or malformed product id', async () => {
    expect(await products().update(newId(), { name: 'X', updatedAt: at(1) })).toBeNull();
    expect(await products().update('nope', { name: 'X', updatedAt: at(1) })).toBeNull();
  });

  it('refuses an update to a taken sku as CONFLICT and changes nothing, but allows keeping its own', async () => {
    const [a, b] = await stocked(store(), aProduct(), aProduct());
    await expect(products().update(b!.id, { sku: a!.sku, name: 'Changed', updatedAt: at(1) })).rejects.toBeInstanceOf(ConflictError);
    expect(await products().findById(b!.id)).toEqual(b);
    expect(await products().update(b!.id, { sku: b!.sku, updatedAt: at(2) })).toMatchObject({ sku: b!.sku });
  });

  it('restocks: adds the units, sets updatedAt and answers the product', async () => {
    const [product] = await stocked(store(), aProduct({ stock: 3 }));
    const outcome = await products().restock(product!.id, 4, at(77));
    expect(outcome).toEqual({ kind: 'restocked', product: { ...product, stock: 7, updatedAt: at(77) } });
    expect(await products().findById(product!.id)).toEqual({ ...product, stock: 7, updatedAt: at(77) });
  });

  it('restocks up to exactly the limit, and refuses one unit more without changing anything', async () => {
    const [product] = await stocked(store(), aProduct({ stock: STOCK_MAX - 5 }));
    expect(await products().restock(product!.id, 5, at(1))).toMatchObject({ kind: 'restocked', product: { stock: STOCK_MAX } });
    const full = await products().findById(product!.id);
    expect(await products().restock(product!.id, 1, at(2))).toEqual({ kind: 'over-limit', product: full });
    expect(await products().findById(product!.id)).toEqual(full);
  });

  it('answers not-found when restocking an unknown or malformed id', async () => {
    expect(await products().restock(newId(), 1, at(1))).toEqual({ kind: 'not-found' });
    expect(await products().restock('nope', 1, at(1))).toEqual({ kind: 'not-found' });
  });

  it('counts every one of 20 racing restocks', async () => {
    const [product] = await stocked(store(), aProduct({ stock: 0 }));
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => products().restock(product!.id, i + 1, at(i))));
    expect(outcomes.every((outcome) => outcome.kind === 'restocked')).toBe(true);
    expect((await products().findById(product!.id))!.stock).toBe((20 * 21) / 2);
  });

  it('pages oldest first whatever the insertion order, strictly after the position given', async () => {
    const [a, b, c] = [aProduct({ createdAt: at(1) }), aProduct({ createdAt: at(2) }), aProduct({ createdAt: at(3) })];
    await stocked(store(), c!, a!, b!);
    expect(await products().page({ limit: 10, filter: ALL })).toEqual([a, b, c]);
    expect(ids(await products().page({ limit: 1, after: a!, filter: ALL }))).toEqual([b!.id]);
    expect(await products().page({ limit: 10, after: c!, filter: ALL })).toEqual([]);
  });

  it('breaks createdAt ties by id and pages through them without gaps or repeats', async () => {
    const sameTime = at(42);
    const tied = Array.from({ length: 7 }, () => aProduct({ createdAt: sameTime, id: newId(new Date(Math.floor(Math.random() * 1e12))) }));
    await stocked(store(), ...tied);
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await products().page({ limit: 3, after, filter: ALL });
      if (page.length === 0) break;
      seen.push(...ids(page));
      after = page.at(-1)!;
    }
    expect(seen).toEqual(ids(tied).sort());
  });

  it('leaves archived products out unless asked for, in pages and counts alike', async () => {
    const [live, archived] = await stocked(store(), aProduct(), aProduct({ archived: true }));
    expect(ids(await products().page({ limit: 10, filter: { includeArchived: false } }))).toEqual([live!.id]);
    expect(ids(await products().page({ limit: 10, filter: ALL }))).toEqual([live!.id, archived!.id]);
    expect(await products().count({ includeArchived: false })).toBe(1);
    expect(await products().count(ALL)).toBe(2);
  });

  it('searches name and sku case-insensitively', async () => {
    const [widget, gadget] = await stocked(store(), aProduct({ name: 'Plain Widget' }), aProduct({ sku: 'GADGET-9', name: 'Other' }));
    await stocked(store(), aProduct({ name: 'Nothing alike' }));
    expect(ids(await products().page({ limit: 10, filter: { search: 'wIDG', includeArchived: false } }))).toEqual([widget!.id]);
    expect(ids(await products().page({ limit: 10, filter: { search: 'gadget-', includeArchived: false } }))).toEqual([gadget!.id]);
    expect(await products().count({ search: 'PLAIN', includeArchived: false })).toBe(1);
    expect(await products().count({ search: 'absent', includeArchived: true })).toBe(0);
  });

  it('treats every character of a search literally (LIKE wildcards, regular expression syntax)', async () => {
    const names = ['50% off', 'snake_case', 'a.*b', 'f(x)', 'back\\slash', 'plain'];
    const made = await stocked(store(), ...names.map((name) => aProduct({ name })));
    const byName = new Map(made.map((product) => [product.name, product.id]));
    for (const [search, expected] of [
      ['%', ['50% off']],
      ['_', ['snake_case']],
      ['.*', ['a.*b']],
      ['(', ['f(x)']],
      ['\\', ['back\\slash']],
      ['[a-z]', []],
      ['^p', []],
    ] as const) {
      const filter = { search, includeArchived: true };
      expect(ids(await products().page({ limit: 10, filter })), `search ${search}`).toEqual(expected.map((name) => byName.get(name)));
      expect(await products().count(filter), `count ${search}`).toBe(expected.length);
    }
  });

  it('combines search, archived filter and paging', async () => {
    const matching = await stocked(store(), aProduct({ name: 'Blue 1' }), aProduct({ name: 'blue 2', archived: true }), aProduct({ name: 'BLUE 3' }));
    await stocked(store(), aProduct({ name: 'Red' }));
    const filter = { search: 'blue', includeArchived: false };
    const first = await products().page({ limit: 1, filter });
    expect(ids(first)).toEqual([matching[0]!.id]);
    expect(ids(await products().page({ limit: 5, after: first[0]!, filter }))).toEqual([matching[2]!.id]);
  });
}
