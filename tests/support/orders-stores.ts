import { storeKinds } from './stores.js';
import type { StoreKind } from './store-fixture.js';

/** The stores whose catalog and orders adapters are built: every store since issue 10 landed. */
export const ORDERS_STORE_KINDS: StoreKind[] = storeKinds;
