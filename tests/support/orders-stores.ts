import { mongoStore } from './mongo-stores.js';
import { memoryStore } from './stores.js';
import type { StoreKind } from './store-fixture.js';

/**
 * The stores whose catalog and orders adapters are built (issue 10 lands store
 * by store). A store opts in by adding its kind here, once its fixture's
 * reset() also empties products and orders; when every store is in, this
 * becomes `storeKinds`.
 */
export const ORDERS_STORE_KINDS: StoreKind[] = [memoryStore, mongoStore];
