/**
 * Every /graphql answer says Cache-Control: no-store (no-store.ts), as Apollo's
 * cache-control plugin did before it was switched off: success, resolver
 * error, or a document refused before execution.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../../src/data/memory/memory-store.js';
import { createGraphqlContext } from '../../../src/entry-points/graphql/graphql-server.js';
import { createHarness } from './harness.js';

describe('Cache-Control on /graphql', () => {
  it.each([
    ['an answer', '{ me { id } }'],
    ['a resolver error', '{ users(first: 1) { edges { cursor } } }'],
    ['a validation failure', '{ nope }'],
    ['a parse failure', '{ me {'],
  ])('is no-store for %s', async (_, query) => {
    const h = await createHarness(createMemoryStore());
    const response = await h.server.executeOperation({ query }, { contextValue: createGraphqlContext(h.useCases, undefined) });
    expect(response.http.headers.get('cache-control')).toBe('no-store');
  });
});
