/**
 * The cost limit on both sides: the contract's largest legitimate documents
 * pass, real abuse does not. Priced by the rule the server runs, over the
 * served schema; the exact numbers are the ones document-limits.ts explains.
 * (tests/hostile/abusive-documents.test.ts sends abuse over HTTP; the
 * orders suite runs the largest order page over HTTP.)
 */
import { type GraphQLSchema, parse, print, validate } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentCostRule } from '../../../src/entry-points/graphql/document-cost.js';
import { DOCUMENT_COST_OPTIONS, DOCUMENT_LIMITS, documentLimitRules } from '../../../src/entry-points/graphql/document-limits.js';
import { buildGraphqlSchema } from '../../../src/entry-points/graphql/graphql-schema.js';
import type { UseCases } from '../../../src/core/use-cases.js';
import { ORDERS } from './orders-documents.js';

const LARGEST_ORDER_PAGE = `orders(first: 100) { totalCount edges { cursor node { id status totalCents createdAt updatedAt
  customer { id email firstName lastName role createdAt updatedAt }
  lines { quantity unitPriceCents totalCents product { id sku name description priceCents stock archived createdAt updatedAt } } } }
  pageInfo { hasNextPage endCursor } }`;
const LARGEST_USER_PAGE = 'users(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id email firstName lastName role createdAt updatedAt } } }';
const LARGEST_PRODUCT_PAGE =
  'products(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id sku name description priceCents stock archived createdAt updatedAt } } }';
const aliased = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `p${i}: ${field}`).join(' ')} }`;

let schema: GraphQLSchema;
beforeAll(async () => {
  // Validation runs no resolver: no use cases needed.
  schema = await buildGraphqlSchema({} as UseCases);
});

/** The cost the server computes, read from the rule with a limit of 0. */
function costOf(document: string): number {
  const errors = validate(schema, parse(document), [documentCostRule({ ...DOCUMENT_COST_OPTIONS, maxCost: 0 })]);
  const cost = /^Query cost (\d+) is over/.exec(errors[0]?.message ?? '')?.[1];
  if (cost === undefined) throw new Error(`no cost reported: ${errors.map((error) => error.message).join('; ')}`);
  return Number(cost);
}

const refusals = (document: string) => validate(schema, parse(document), documentLimitRules).map((error) => error.message);

describe('the document cost limit', () => {
  it(`lets the largest order page of the contract through (4700 of ${DOCUMENT_LIMITS.cost})`, () => {
    expect(costOf(`{ ${LARGEST_ORDER_PAGE} }`)).toBe(4700);
    expect(refusals(`{ ${LARGEST_ORDER_PAGE} }`)).toEqual([]);
  });

  it("lets the same page through when written with a client's nested fragments (depth counts fields, not spreads)", () => {
    expect(refusals(print(ORDERS))).toEqual([]);
  });

  it('still refuses a selection nested past the depth limit inside a fragment', () => {
    const deep = `{ me { ...Deep } } fragment Deep on User { ${'a { '.repeat(DOCUMENT_LIMITS.depth)}id${' }'.repeat(DOCUMENT_LIMITS.depth)} }`;
    expect(refusals(deep)).toContain(`Syntax Error: Query depth limit of ${DOCUMENT_LIMITS.depth} exceeded, found ${DOCUMENT_LIMITS.depth + 2}.`);
  });

  it('lets the largest user and product pages through', () => {
    expect(costOf(`{ ${LARGEST_USER_PAGE} }`)).toBe(1850);
    expect(costOf(`{ ${LARGEST_PRODUCT_PAGE} }`)).toBe(2150);
    expect(refusals(`{ ${LARGEST_USER_PAGE} ${LARGEST_PRODUCT_PAGE} }`)).toEqual([]);
  });

  it('refuses two of the largest order pages in one document', () => {
    expect(costOf(aliased(2, LARGEST_ORDER_PAGE))).toBe(9400);
    expect(refusals(aliased(2, LARGEST_ORDER_PAGE))).toEqual([`Query cost 9400 is over the limit of ${DOCUMENT_LIMITS.cost}.`]);
  });

  it('refuses fifteen aliased pages of 100 users, and of 100 orders sized by a variable', () => {
    const users = 'users(first: 100) { edges { node { id email firstName lastName role createdAt updatedAt } } }';
    expect(costOf(aliased(15, users))).toBe(18_750);
    expect(refusals(aliased(15, users))).toHaveLength(1);
    const orders = 'orders(first: $n) { edges { node { id customer { id } lines { product { id } } } } }';
    const document = `query($n: Int) ${aliased(15, orders)}`;
    expect(costOf(document)).toBeGreaterThan(DOCUMENT_LIMITS.cost);
    expect(refusals(document)).toHaveLength(1);
  });

  it('still prices a batched field by what it selects, times the page above it', () => {
    const withProducts = costOf('{ orders(first: 100) { edges { node { lines { product { id sku name } } } } } }');
    const withoutProducts = costOf('{ orders(first: 100) { edges { node { lines { quantity } } } } }');
    expect(withProducts).toBeGreaterThan(withoutProducts);
    expect(costOf('{ salesReport(from: "2026-01-01T00:00:00.000Z", to: "2026-02-01T00:00:00.000Z") { product { id } unitsSold } }')).toBeLessThan(50);
  });
});
