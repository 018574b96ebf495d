/**
 * The catalog half of orders.graphql over real HTTP: every product operation,
 * its success and error shapes (codes and `fields` names from CONTRACT.md,
 * "Catalog and orders"), who may do what, and hostile values sent as variables.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/shared/ids.js';
import { describeEachStore } from '../../support/stores.js';
import { CREATE_PRODUCT, newProduct, PRODUCT, PRODUCTS, RESTOCK_PRODUCT, UPDATE_PRODUCT } from './orders-documents.js';
import { codeOf, fieldsOf, useOrdersApi } from './orders-http.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CREATE_RAW = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }';

describeEachStore('GraphQL products over HTTP', (fixture) => {
  const api = useOrdersApi(fixture);
  const productCount = () => fixture().store.products.count({ includeArchived: true });

  describe('createProduct', () => {
    it('adds a product for an ADMIN: sku trimmed and upper-cased, description and stock defaulted, dates ISO-8601 UTC', async () => {
      const admin = await api.anAdmin();
      const answer = await api.post(CREATE_PRODUCT, { input: { sku: '  mug-01 ', name: ' Mug ', priceCents: 899 } }, admin.accessToken);
      expect(answer.body.errors).toBeUndefined();
      const product = answer.body.data!.createProduct;
      expect(product).toMatchObject({ sku: 'MUG-01', name: 'Mug', description: '', priceCents: 899, stock: 0, archived: false });
      expect(product.createdAt).toMatch(ISO_UTC);
      expect(product.updatedAt).toMatch(ISO_UTC);
    });

    it('treats an explicit null description and stock as their defaults', async () => {
      const admin = await api.anAdmin();
      const answer = await api.post(CREATE_PRODUCT, { input: { ...newProduct(), description: null, stock: null } }, admin.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.createProduct).toMatchObject({ description: '', stock: 0 });
    });

    it('refuses a USER with FORBIDDEN and an anonymous caller with UNAUTHENTICATED, creating nothing', async () => {
      const user = await api.aUser();
      expect(codeOf(await api.post(CREATE_PRODUCT, { input: newProduct() }, user.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await api.post(CREATE_PRODUCT, { input: newProduct() }))).toBe('UNAUTHENTICATED');
      expect(await productCount()).toBe(0);
    });

    it('refuses invalid fields with BAD_USER_INPUT naming each, creating nothing', async () => {
      const admin = await api.anAdmin();
      const input = { sku: 'not a sku!', name: '  ', description: 'd'.repeat(2001), priceCents: -1, stock: 1_000_001 };
      const answer = await api.post(CREATE_PRODUCT, { input }, admin.accessToken);
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
      expect(fieldsOf(answer).sort()).toEqual(['description', 'name', 'priceCents', 'sku', 'stock']);
      expect(answer.body.data).toBeNull();
      expect(await productCount()).toBe(0);
    });

    it('refuses a sku already taken, whatever its case and spacing, with CONFLICT', async () => {
      const admin = await api.anAdmin();
      await api.aProduct(admin, { sku: 'TEA-1' });
      expect(codeOf(await api.post(CREATE_PRODUCT, { input: newProduct({ sku: ' tea-1 ' }) }, admin.accessToken))).toBe('CONFLICT');
      expect(await productCount()).toBe(1);
    });

    it.each([
      ['a price over the 32-bit Int range', { priceCents: 2 ** 31 }],
      ['a fractional price', { priceCents: 12.5 }],
      ['a price as a string', { priceCents: '1250' }],
      ['a fractional stock', { stock: 0.5 }],
      ['a stock as a string', { stock: '10' }],
    ])("answers %s with GraphQL's own BAD_USER_INPUT (400), creating nothing", async (_, overrides) => {
      const admin = await api.anAdmin();
      const answer = await api.raw(CREATE_RAW, { input: newProduct(overrides) }, admin.accessToken);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(answer.body.data).toBeUndefined();
      expect(await productCount()).toBe(0);
    });

    it('answers a price over 1,000,000 and a negative stock with BAD_USER_INPUT naming them', async () => {
      const admin = await api.anAdmin();
      const answer = await api.post(CREATE_PRODUCT, { input: newProduct({ priceCents: 1_000_001, stock: -1 }) }, admin.accessToken);
      expect(fieldsOf(answer).sort()).toEqual(['priceCents', 'stock']);
      expect(await productCount()).toBe(0);
    });
  });

  describe('product', () => {
    it('answers anyone, without a token, archived or not', async () => {
      const admin = await api.anAdmin();
      const product = await api.aProduct(admin);
      expect((await api.post(PRODUCT, { id: product.id })).body).toEqual({ data: { product } });
      const archived = await api.post(UPDATE_PRODUCT, { id: product.id, input: { archived: true } }, admin.accessToken);
      expect((await api.post(PRODUCT, { id: product.id })).body).toEqual({ data: { product: archived.body.data!.updateProduct } });
    });

    it('is null for an unknown or malformed id, never an error', async () => {
      expect((await api.post(PRODUCT, { id: newId() })).body).toEqual({ data: { product: null } });
      expect((await api.post(PRODUCT, { id: 'not-an-id' })).body).toEqual({ data: { product: null } });
    });
  });

  describe('products', () => {
    it('lists oldest first for anyone, with cursor paging and the count', async () => {
      const admin = await api.anAdmin();
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await api.aProduct(admin));
      const first = await api.post(PRODUCTS, { first: 2 });
      expect(first.body.errors).toBeUndefined();
      const page = first.body.data!.products;
      expect(page.edges.map(({ node }) => node)).toEqual(made.slice(0, 2));
      expect(page).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, endCursor: page.edges[1]!.cursor } });
      const rest = (await api.post(PRODUCTS, { first: 2, after: page.pageInfo.endCursor })).body.data!.products;
      expect(rest.edges.map(({ node }) => node)).toEqual(made.slice(2));
      expect(rest.pageInfo.hasNextPage).toBe(false);
    });

    it('leaves archived products out unless asked for, and searches name or sku case-insensitively', async () => {
      const admin = await api.anAdmin();
      const mug = await api.aProduct(admin, { sku: 'MUG-1', name: 'Blue mug' });
      const tea = await api.aProduct(admin, { sku: 'TEA-1', name: 'Green tea' });
      await api.post(UPDATE_PRODUCT, { id: tea.id, input: { archived: true } }, admin.accessToken);
      const ids = async (variables: Record<string, unknown>) =>
        (await api.post(PRODUCTS, variables)).body.data!.products.edges.map(({ node }) => node.id);
      expect(await ids({})).toEqual([mug.id]);
      expect(await ids({ includeArchived: true })).toEqual([mug.id, tea.id]);
      expect(await ids({ includeArchived: null })).toEqual([mug.id]);
      expect(await ids({ search: 'BLUE' })).toEqual([mug.id]);
      expect(await ids({ search: 'tea', includeArchived: true })).toEqual([tea.id]);
    });

    it('reads an explicit null first as the default and refuses 0 or 101 with BAD_USER_INPUT naming first', async () => {
      expect((await api.post(PRODUCTS, { first: null })).body.errors).toBeUndefined();
      for (const first of [0, 101]) {
        const answer = await api.post(PRODUCTS, { first });
        expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['first']]);
      }
    });
  });

  describe('updateProduct', () => {
    it('changes only the fields given, for an ADMIN', async () => {
      const admin = await api.anAdmin();
      const product = await api.aProduct(admin);
      const answer = await api.post(UPDATE_PRODUCT, { id: product.id, input: { name: 'Renamed', priceCents: 1999 } }, admin.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.updateProduct).toMatchObject({ ...product, name: 'Renamed', priceCents: 1999, updatedAt: expect.any(String) });
    });

    it('refuses a USER with FORBIDDEN and an unknown id with NOT_FOUND, changing nothing', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const product = await api.aProduct(admin);
      expect(codeOf(await api.post(UPDATE_PRODUCT, { id: product.id, input: { name: 'Mine' } }, user.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await api.post(UPDATE_PRODUCT, { id: newId(), input: { name: 'Ghost' } }, admin.accessToken))).toBe('NOT_FOUND');
      expect((await api.post(PRODUCT, { id: product.id })).body.data!.product).toEqual(product);
    });

    it('refuses stock in the input (stock is never set), a taken sku with CONFLICT and a bad price with BAD_USER_INPUT', async () => {
      const admin = await api.anAdmin();
      const product = await api.aProduct(admin);
      const other = await api.aProduct(admin);
      const withStock = await api.raw('mutation($id: ID!) { updateProduct(id: $id, input: { stock: 5 }) { id } }', { id: product.id }, admin.accessToken);
      expect(withStock.status).toBe(400);
      expect(withStock.body.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(codeOf(await api.post(UPDATE_PRODUCT, { id: product.id, input: { sku: other.sku.toLowerCase() } }, admin.accessToken))).toBe('CONFLICT');
      const badPrice = await api.post(UPDATE_PRODUCT, { id: product.id, input: { priceCents: -1 } }, admin.accessToken);
      expect([codeOf(badPrice), fieldsOf(badPrice)]).toEqual(['BAD_USER_INPUT', ['priceCents']]);
      expect((await api.post(PRODUCT, { id: product.id })).body.data!.product).toEqual(product);
    });
  });

  describe('restockProduct', () => {
    it('adds units for an ADMIN', async () => {
      const admin = await api.anAdmin();
      const product = await api.aProduct(admin, { stock: 10 });
      const answer = await api.post(RESTOCK_PRODUCT, { id: product.id, quantity: 5 }, admin.accessToken);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.restockProduct.stock).toBe(15);
    });

    it('refuses 0, a negative quantity and one taking stock past 1,000,000 with BAD_USER_INPUT naming quantity', async () => {
      const admin = await api.anAdmin();
      const product = await api.aProduct(admin, { stock: 10 });
      for (const quantity of [0, -5, 999_991]) {
        const answer = await api.post(RESTOCK_PRODUCT, { id: product.id, quantity }, admin.accessToken);
        expect([codeOf(answer), fieldsOf(answer)]).toEqual(['BAD_USER_INPUT', ['quantity']]);
      }
      const fractional = await api.raw('mutation($id: ID!, $q: Int!) { restockProduct(id: $id, quantity: $q) { id } }', { id: product.id, q: 1.5 }, admin.accessToken);
      expect(fractional.status).toBe(400);
      expect((await api.post(PRODUCT, { id: product.id })).body.data!.product!.stock).toBe(10);
    });

    it('refuses a USER with FORBIDDEN and an unknown id with NOT_FOUND', async () => {
      const admin = await api.anAdmin();
      const user = await api.aUser();
      const product = await api.aProduct(admin);
      expect(codeOf(await api.post(RESTOCK_PRODUCT, { id: product.id, quantity: 1 }, user.accessToken))).toBe('FORBIDDEN');
      expect(codeOf(await api.post(RESTOCK_PRODUCT, { id: newId(), quantity: 1 }, admin.accessToken))).toBe('NOT_FOUND');
    });
  });
});
