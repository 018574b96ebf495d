import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createMemoryStore } from '../../src/data/memory/memory-store.js';
import { mongoStore } from './mongo-stores.js';
import { pgliteStore, postgresStore } from './sql-stores.js';
import type { StoreFixture, StoreKind } from './store-fixture.js';

export const memoryStore: StoreKind = {
  name: 'memory',
  unavailable: async () => null,
  async open() {
    const store = createMemoryStore();
    return { store, reset: async () => store.clear(), dispose: () => store.close() };
  },
};

/** Every store the product supports; suites that must hold everywhere loop over this. */
export const storeKinds: StoreKind[] = [memoryStore, pgliteStore, postgresStore, mongoStore];

const inCi = process.env.CI === 'true';

/**
 * describe() once per store. A store whose server is missing skips with a
 * message outside CI, and fails under CI=true (a skipped store proves nothing).
 * `body` receives a getter for the fixture opened in beforeAll.
 */
export function describeEachStore(
  title: string,
  body: (fixture: () => StoreFixture, kind: StoreKind) => void,
  kinds: StoreKind[] = storeKinds,
): void {
  for (const kind of kinds) {
    describe(`${title} [${kind.name}]`, async () => {
      const reason = await kind.unavailable();
      if (reason && !inCi) {
        console.warn(`skipping ${kind.name}: ${reason}`);
        describe.skip(`${kind.name} unavailable: ${reason}`, () => {});
        return;
      }
      let fixture: StoreFixture | undefined;
      beforeAll(async () => {
        if (reason) throw new Error(`${kind.name} store unavailable under CI: ${reason}`);
        fixture = await kind.open();
      });
      afterAll(async () => {
        await fixture?.dispose();
      });
      beforeEach(async () => {
        await fixture?.reset();
      });
      body(() => {
        if (!fixture) throw new Error(`${kind.name} fixture is not open`);
        return fixture;
      }, kind);
    });
  }
}
