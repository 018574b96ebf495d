import { beforeAll, describe } from 'vitest';
import { postgresStore } from '../../support/sql-stores.js';

const inCi = process.env.CI === 'true';

/**
 * describe() for tests that need the PostgreSQL server itself (fresh databases, several
 * connections) rather than an opened store. Same rule as describeEachStore: without a server the
 * suite skips with the reason outside CI, and fails under CI=true.
 */
export function describeWithPostgres(title: string, body: () => void): void {
  describe(`${title} [postgres]`, async () => {
    const reason = await postgresStore.unavailable();
    if (reason && !inCi) {
      console.warn(`skipping postgres: ${reason}`);
      describe.skip(`postgres unavailable: ${reason}`, () => {});
      return;
    }
    beforeAll(() => {
      if (reason) throw new Error(`postgres store unavailable under CI: ${reason}`);
    });
    body();
  });
}
