import type { Store } from '../../src/core/store.js';

/**
 * One real store for a test file: opened once, emptied before each test.
 * Every store the product supports has one of these in tests/support/stores.ts,
 * and every suite that should hold "on every store" loops over that list.
 */
export interface StoreFixture {
  readonly store: Store;
  /** Removes every record (users, refresh tokens, products, orders), leaving the schema/indexes in place. */
  reset(): Promise<void>;
  /** Closes the store and drops whatever the fixture created (test database, files). */
  dispose(): Promise<void>;
}

export interface StoreKind {
  readonly name: 'memory' | 'pglite' | 'postgres' | 'mongo';
  /**
   * Why this store cannot run here, or null when it can. Under CI=true a store
   * that cannot run fails its suites instead of skipping (see storeSuite).
   */
  unavailable(): Promise<string | null>;
  open(): Promise<StoreFixture>;
}
