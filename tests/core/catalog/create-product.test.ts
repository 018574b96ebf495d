import { describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import type { CreateProductInput } from '../../../src/core/catalog/create-product.js';
import { createHarness, expectFailure, UUID_V7 } from '../use-case-harness.js';

const valid: CreateProductInput = { sku: 'WID-1', name: 'Widget', priceCents: 250 };
/** Numbers that are not integers in range, and values that are not numbers at all: what a hostile client sends. */
const HOSTILE_AMOUNTS = [-1, 1_000_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '100', null, true, {}, [], 2 ** 53];

describe('create product', () => {
  it('lets an ADMIN create a product with its defaults, normalized, timestamped by the clock', async () => {
    const h = createHarness();
    const { actor } = await h.aUser({ role: 'ADMIN' });
    const product = await h.createProduct.execute({ sku: '  wid-1_a ', name: '  Widget  ', priceCents: 250 }, actor);
    expect(product).toEqual({
      id: expect.stringMatching(UUID_V7),
      sku: 'WID-1_A',
      name: 'Widget',
      description: '',
      priceCents: 250,
      stock: 0,
      archived: false,
      createdAt: h.clock.now(),
      updatedAt: h.clock.now(),
    });
    expect(await h.getProduct.execute(product.id)).toEqual(product);
  });

  it('lets the CLI operator create one, with a stock and a multi-line description', async () => {
    const h = createHarness();
    const product = await h.createProduct.execute({ ...valid, description: 'Line one\r\nline two\n', stock: 1_000_000 }, OPERATOR);
    expect(product).toMatchObject({ description: 'Line one\r\nline two\n', stock: 1_000_000 });
  });

  it('requires authentication, then an ADMIN', async () => {
    const h = createHarness();
    await expectFailure(h.createProduct.execute(valid, null), 'UNAUTHENTICATED');
    const { actor } = await h.aUser();
    await expectFailure(h.createProduct.execute(valid, actor), 'FORBIDDEN');
    expect(await h.store.products.count({ includeArchived: true })).toBe(0);
  });

  it('accepts skus of 1 to 64 characters of A-Z, 0-9, - and _', async () => {
    const h = createHarness();
    for (const sku of ['A', 'z', '0', '-', '_', 'A'.repeat(64), 'ab-CD_09']) {
      expect((await h.createProduct.execute({ ...valid, sku }, OPERATOR)).sku).toBe(sku.toUpperCase());
    }
  });

  it('refuses any other sku as BAD_USER_INPUT on sku', async () => {
    const h = createHarness();
    for (const sku of ['', '   ', 'A'.repeat(65), 'A B', 'A.B', 'ÄBC', 'straße', 'ﬀ', 'ı', 'A%', "A'--", 'A\u0000', 42, null, { $ne: '' }]) {
      await expectFailure(h.createProduct.execute({ ...valid, sku: sku as string }, OPERATOR), 'BAD_USER_INPUT', ['sku']);
    }
  });

  it('refuses a taken sku as CONFLICT, whatever its case and spacing', async () => {
    const h = createHarness();
    await h.createProduct.execute(valid, OPERATOR);
    await expectFailure(h.createProduct.execute({ ...valid, sku: ' wid-1 ' }, OPERATOR), 'CONFLICT');
    expect(await h.store.products.count({ includeArchived: true })).toBe(1);
  });

  it('takes names of 1 to 200 characters, trimmed, without control characters', async () => {
    const h = createHarness();
    expect((await h.createProduct.execute({ ...valid, sku: 'N1', name: 'é'.repeat(200) }, OPERATOR)).name).toBe('é'.repeat(200));
    expect((await h.createProduct.execute({ ...valid, sku: 'N2', name: '🙂'.repeat(200) }, OPERATOR)).name).toHaveLength(400);
    for (const name of ['', '   ', 'x'.repeat(201), 'a\nb', 'a\u0007b', 'a\u202Eb', '\uD800', 7, null]) {
      await expectFailure(h.createProduct.execute({ ...valid, name: name as string }, OPERATOR), 'BAD_USER_INPUT', ['name']);
    }
  });

  it('takes descriptions up to 2000 characters with line breaks, but no other control character', async () => {
    const h = createHarness();
    expect((await h.createProduct.execute({ ...valid, description: 'd'.repeat(2000) }, OPERATOR)).description).toHaveLength(2000);
    for (const description of ['d'.repeat(2001), 'tab\there', 'nul\u0000', 'bell\u0007', 'bidi\u202E', 'sep\u2028', '\uDC00', 5]) {
      await expectFailure(h.createProduct.execute({ ...valid, description: description as string }, OPERATOR), 'BAD_USER_INPUT', ['description']);
    }
  });

  it('takes prices from 0 to 1,000,000 cents', async () => {
    const h = createHarness();
    expect((await h.createProduct.execute({ ...valid, sku: 'P0', priceCents: 0 }, OPERATOR)).priceCents).toBe(0);
    expect((await h.createProduct.execute({ ...valid, sku: 'P1', priceCents: 1_000_000 }, OPERATOR)).priceCents).toBe(1_000_000);
  });

  it('refuses negative, huge, fractional and non-number prices as BAD_USER_INPUT on priceCents', async () => {
    const h = createHarness();
    for (const priceCents of [...HOSTILE_AMOUNTS, undefined]) {
      await expectFailure(h.createProduct.execute({ ...valid, priceCents: priceCents as number }, OPERATOR), 'BAD_USER_INPUT', ['priceCents']);
    }
    expect(await h.store.products.count({ includeArchived: true })).toBe(0);
  });

  it('refuses negative, huge, fractional and non-number stock as BAD_USER_INPUT on stock', async () => {
    const h = createHarness();
    for (const stock of HOSTILE_AMOUNTS.filter((value) => value !== null)) {
      await expectFailure(h.createProduct.execute({ ...valid, stock: stock as number }, OPERATOR), 'BAD_USER_INPUT', ['stock']);
    }
  });

  it('names every field at fault at once', async () => {
    const h = createHarness();
    const input = { sku: '', name: '', description: '\u0000', priceCents: -1, stock: 0.5 };
    await expectFailure(h.createProduct.execute(input, OPERATOR), 'BAD_USER_INPUT', ['sku', 'name', 'description', 'priceCents', 'stock']);
  });

  it('refuses fields that cannot be set and inputs that are not objects', async () => {
    const h = createHarness();
    await expectFailure(h.createProduct.execute({ ...valid, archived: true } as CreateProductInput, OPERATOR), 'BAD_USER_INPUT', ['archived']);
    await expectFailure(h.createProduct.execute({ ...valid, id: 'x' } as CreateProductInput, OPERATOR), 'BAD_USER_INPUT', ['id']);
    await expectFailure(h.createProduct.execute(null as unknown as CreateProductInput, OPERATOR), 'BAD_USER_INPUT', []);
    await expectFailure(h.createProduct.execute([] as unknown as CreateProductInput, OPERATOR), 'BAD_USER_INPUT', []);
  });
});
