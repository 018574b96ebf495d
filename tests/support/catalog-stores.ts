import type { StoreKind } from './store-fixture.js';
import { memoryStore } from './stores.js';

/**
 * The stores whose catalog and orders adapters have landed. Suites of the
 * catalog and orders context loop over this list; add each store here as its
 * adapter lands (pgliteStore, postgresStore, mongoStore), until it equals
 * storeKinds and this file can go.
 */
export const catalogStoreKinds: StoreKind[] = [memoryStore];
