import { describe, expect, it } from 'vitest';
import { describeEachStore } from '../../support/stores.js';
import { aProductBody, catalogHelpers, expectProductJson, oldestFirst } from './catalog-harness.js';
import { expectError, UNKNOWN_ID, useRestApi } from './rest-harness.js';

const ids = (body: { products: { id: string }[] }) => body.products.map((product) => product.id);

describeEachStore(
  'REST /api/products',
  (fixture) => {
    const api = useRestApi(fixture);
    const shop = catalogHelpers(api);

    describe('POST /api/products', () => {
      it('creates a product as an ADMIN: 201 {"product"} with exactly the Product fields, sku normalized', async () => {
        const { token } = await api.anAdmin();
        const answer = await api.request('POST', '/api/products', { json: { sku: ' lamp-01 ', name: ' Desk lamp ', priceCents: 4990, stock: 7 }, token });
        expect(answer.status, answer.text).toBe(201);
        expect(Object.keys(answer.body)).toEqual(['product']);
        expectProductJson(answer.body.product);
        expect(answer.body.product).toMatchObject({ sku: 'LAMP-01', name: 'Desk lamp', description: '', priceCents: 4990, stock: 7, archived: false });
        expect(answer.body.product.updatedAt).toBe(answer.body.product.createdAt);
      });

      it('starts with no stock when none is given', async () => {
        const { token } = await api.anAdmin();
        const answer = await api.request('POST', '/api/products', { json: { sku: 'A', name: 'A', priceCents: 0 }, token });
        expect(answer.status, answer.text).toBe(201);
        expect(answer.body.product.stock).toBe(0);
      });

      it('is 401 without a token and 403 for a USER, and stores nothing', async () => {
        const { token } = await api.aUser();
        expectError(await api.request('POST', '/api/products', { json: aProductBody() }), 401, 'UNAUTHENTICATED');
        expectError(await api.request('POST', '/api/products', { json: aProductBody(), token }), 403, 'FORBIDDEN');
        expect(await fixture().store.products.count({ includeArchived: true })).toBe(0);
      });

      it('refuses a taken sku, whatever its case, with 409 CONFLICT', async () => {
        const { token } = await api.anAdmin();
        await shop.createProducts(token, { sku: 'MUG-1' });
        expectError(await api.request('POST', '/api/products', { json: aProductBody({ sku: 'mug-1' }), token }), 409, 'CONFLICT');
      });

      it('refuses values out of the rules with 400 naming each field', async () => {
        const { token } = await api.anAdmin();
        const answer = await api.request('POST', '/api/products', {
          json: { sku: 'bad sku!', name: ' ', priceCents: -1, stock: 1_000_001 },
          token,
        });
        expectError(answer, 400, 'BAD_USER_INPUT', ['sku', 'name', 'priceCents', 'stock']);
      });

      it.each([
        ['an operator object', { priceCents: { $gt: 0 } }, 'priceCents', 'must be an integer'],
        ['a string for a number', { priceCents: '1000' }, 'priceCents', 'must be an integer'],
        ['a fraction', { stock: 2.5 }, 'stock', 'must be an integer'],
        ['a number for a string', { name: 42 }, 'name', 'must be a string'],
        ['a field creation does not take', { archived: true }, 'archived', 'is not a field that can be set'],
        ['an id', { id: UNKNOWN_ID }, 'id', 'is not a field that can be set'],
      ])('refuses %s with 400 and stores nothing', async (_what, overrides, field, message) => {
        const { token } = await api.anAdmin();
        const answer = await api.request('POST', '/api/products', { json: aProductBody(overrides), token });
        expectError(answer, 400, 'BAD_USER_INPUT', [field]);
        expect(answer.body.error.fields[0].message).toBe(message);
        expect(await fixture().store.products.count({ includeArchived: true })).toBe(0);
      });

      it('refuses a body without the required fields, naming each', async () => {
        const { token } = await api.anAdmin();
        expectError(await api.request('POST', '/api/products', { json: {}, token }), 400, 'BAD_USER_INPUT', ['sku', 'name', 'priceCents']);
      });

      it('refuses a body that is not JSON with 415', async () => {
        const { token } = await api.anAdmin();
        const answer = await api.request('POST', '/api/products', { raw: 'sku=A', token, headers: { 'content-type': 'text/plain' } });
        expectError(answer, 415, 'UNSUPPORTED_MEDIA_TYPE');
      });
    });

    describe('GET /api/products', () => {
      it('is public: lists products oldest first with pageInfo and totalCount', async () => {
        const { token } = await api.anAdmin();
        const made = await shop.createProducts(token, {}, {}, {});
        const answer = await api.request('GET', '/api/products');
        expect(answer.status, answer.text).toBe(200);
        expect(Object.keys(answer.body).sort()).toEqual(['pageInfo', 'products', 'totalCount']);
        expect(ids(answer.body)).toEqual(oldestFirst(made).map((product) => product.id));
        answer.body.products.forEach(expectProductJson);
        expect(answer.body.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
        expect(answer.body.totalCount).toBe(3);
      });

      it('pages with first and after', async () => {
        const { token } = await api.anAdmin();
        const [a, b, c] = oldestFirst(await shop.createProducts(token, {}, {}, {}));
        const page1 = await api.request('GET', '/api/products?first=2');
        expect(ids(page1.body)).toEqual([a!.id, b!.id]);
        expect(page1.body.pageInfo.hasNextPage).toBe(true);
        const page2 = await api.request('GET', `/api/products?first=2&after=${encodeURIComponent(page1.body.pageInfo.endCursor)}`);
        expect(ids(page2.body)).toEqual([c!.id]);
        expect(page2.body.pageInfo.hasNextPage).toBe(false);
      });

      it('searches name or sku case-insensitively; totalCount counts the matches', async () => {
        const { token } = await api.anAdmin();
        const [lamp, , mug] = await shop.createProducts(token, { name: 'Desk Lamp' }, { name: 'Chair' }, { sku: 'LAMPSHADE-MUG', name: 'Mug' });
        const answer = await api.request('GET', '/api/products?search=lamp');
        expect(ids(answer.body)).toEqual(oldestFirst([lamp!, mug!]).map((product) => product.id));
        expect(answer.body.totalCount).toBe(2);
      });

      it('leaves archived products out unless includeArchived=true', async () => {
        const { token } = await api.anAdmin();
        const [kept, archived] = await shop.createProducts(token, {}, {});
        expect((await api.request('PATCH', `/api/products/${archived!.id}`, { json: { archived: true }, token })).status).toBe(200);
        expect(ids((await api.request('GET', '/api/products')).body)).toEqual([kept!.id]);
        expect(ids((await api.request('GET', '/api/products?includeArchived=false')).body)).toEqual([kept!.id]);
        const all = await api.request('GET', '/api/products?includeArchived=true');
        expect(ids(all.body)).toEqual(oldestFirst([kept!, archived!]).map((product) => product.id));
        expect(all.body.totalCount).toBe(2);
      });

      it.each([
        ['first=0', 'first'],
        ['first=101', 'first'],
        ['first=abc', 'first'],
        ['after=***', 'after'],
        ['includeArchived=yes', 'includeArchived'],
        [`search=${'x'.repeat(101)}`, 'search'],
        ['frist=2', 'frist'],
      ])('refuses %s with 400 naming %s', async (query, field) => {
        expectError(await api.request('GET', `/api/products?${query}`), 400, 'BAD_USER_INPUT', [field]);
      });
    });

    describe('GET /api/products/:id', () => {
      it('is public: 200 {"product"}', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, {});
        const answer = await api.request('GET', `/api/products/${product!.id}`);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ product });
      });

      it.each([UNKNOWN_ID, 'not-an-id'])('answers 404 NOT_FOUND for %s', async (id) => {
        expectError(await api.request('GET', `/api/products/${id}`), 404, 'NOT_FOUND');
      });
    });

    describe('PATCH /api/products/:id', () => {
      it('changes only the fields given, as an ADMIN', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { name: 'Old', priceCents: 100 });
        const answer = await api.request('PATCH', `/api/products/${product!.id}`, { json: { priceCents: 250, sku: 'new-sku' }, token });
        expect(answer.status, answer.text).toBe(200);
        expect(Object.keys(answer.body)).toEqual(['product']);
        expectProductJson(answer.body.product);
        expect(answer.body.product).toMatchObject({ id: product!.id, name: 'Old', priceCents: 250, sku: 'NEW-SKU', stock: product!.stock });
        expect(Date.parse(answer.body.product.updatedAt)).toBeGreaterThanOrEqual(Date.parse(answer.body.product.createdAt));
      });

      it('refuses stock (only restocks and orders change it) with 400 and changes nothing', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { stock: 3 });
        expectError(await api.request('PATCH', `/api/products/${product!.id}`, { json: { stock: 99 }, token }), 400, 'BAD_USER_INPUT', ['stock']);
        expect(await shop.stockOf(product!.id)).toBe(3);
      });

      it('refuses archived as a string with 400', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, {});
        expectError(await api.request('PATCH', `/api/products/${product!.id}`, { json: { archived: 'true' }, token }), 400, 'BAD_USER_INPUT', ['archived']);
      });

      it('is 401 without a token, 403 for a USER, 404 for an unknown id, 409 for a taken sku', async () => {
        const { token } = await api.anAdmin();
        const { token: userToken } = await api.aUser();
        const [product, other] = await shop.createProducts(token, {}, {});
        const path = `/api/products/${product!.id}`;
        expectError(await api.request('PATCH', path, { json: { name: 'X' } }), 401, 'UNAUTHENTICATED');
        expectError(await api.request('PATCH', path, { json: { name: 'X' }, token: userToken }), 403, 'FORBIDDEN');
        expectError(await api.request('PATCH', `/api/products/${UNKNOWN_ID}`, { json: { name: 'X' }, token }), 404, 'NOT_FOUND');
        expectError(await api.request('PATCH', path, { json: { sku: other!.sku }, token }), 409, 'CONFLICT');
      });
    });

    describe('POST /api/products/:id/restock', () => {
      it('adds the units: 200 {"product"} with the new stock', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { stock: 5 });
        const answer = await api.request('POST', `/api/products/${product!.id}/restock`, { json: { quantity: 7 }, token });
        expect(answer.status, answer.text).toBe(200);
        expect(Object.keys(answer.body)).toEqual(['product']);
        expect(answer.body.product.stock).toBe(12);
      });

      it('counts two concurrent restocks both', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { stock: 0 });
        const restock = () => api.request('POST', `/api/products/${product!.id}/restock`, { json: { quantity: 3 }, token });
        const answers = await Promise.all([restock(), restock()]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        expect(await shop.stockOf(product!.id)).toBe(6);
      });

      it('refuses a restock past 1,000,000 units with 400 on quantity and changes nothing', async () => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { stock: 999_999 });
        const answer = await api.request('POST', `/api/products/${product!.id}/restock`, { json: { quantity: 2 }, token });
        expectError(answer, 400, 'BAD_USER_INPUT', ['quantity']);
        expect(await shop.stockOf(product!.id)).toBe(999_999);
      });

      it.each([[0], [-1], ['3'], [1.5], [{ $inc: 5 }]])('refuses quantity %j with 400 on quantity', async (quantity) => {
        const { token } = await api.anAdmin();
        const [product] = await shop.createProducts(token, { stock: 1 });
        expectError(await api.request('POST', `/api/products/${product!.id}/restock`, { json: { quantity }, token }), 400, 'BAD_USER_INPUT', ['quantity']);
        expect(await shop.stockOf(product!.id)).toBe(1);
      });

      it('is 401 without a token, 403 for a USER and 404 for an unknown id', async () => {
        const { token } = await api.anAdmin();
        const { token: userToken } = await api.aUser();
        const [product] = await shop.createProducts(token, {});
        const path = `/api/products/${product!.id}/restock`;
        expectError(await api.request('POST', path, { json: { quantity: 1 } }), 401, 'UNAUTHENTICATED');
        expectError(await api.request('POST', path, { json: { quantity: 1 }, token: userToken }), 403, 'FORBIDDEN');
        expectError(await api.request('POST', `/api/products/${UNKNOWN_ID}/restock`, { json: { quantity: 1 }, token }), 404, 'NOT_FOUND');
      });
    });

    describe('methods a route does not serve', () => {
      it.each([
        ['PUT', '/api/products', 'GET, HEAD, POST'],
        ['DELETE', `/api/products/${UNKNOWN_ID}`, 'GET, HEAD, PATCH'],
        ['GET', `/api/products/${UNKNOWN_ID}/restock`, 'POST'],
      ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
        const answer = await api.request(method, path);
        expectError(answer, 405, 'METHOD_NOT_ALLOWED');
        expect(answer.headers.get('allow')).toBe(allow);
      });
    });
  },
);
