/**
 * Issue 4: the scenario table (scenarios.ts) through GraphQL, REST and the
 * CLI, on every store. Per store, one HTTP server and one CLI wiring over the
 * same fixture; per scenario and transport, the store is emptied, the same
 * world seeded, the scenario run and its outcome normalized. Each test asserts
 * that every applicable transport gave the table's outcome, so a failure's
 * diff shows which transport departs, and how. (One file for every store: on a
 * two-core machine a file per store was slower, each worker loading the app.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreKind } from '../support/store-fixture.js';
import { describeEachStore, storeKinds } from '../support/stores.js';
import { CATALOG_SCENARIOS } from './catalog-scenarios.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { cliDriver } from './drivers/cli-driver.js';
import type { Driver, TransportName } from './drivers/driver.js';
import { graphqlDriver } from './drivers/graphql-driver.js';
import { restDriver } from './drivers/rest-driver.js';
import { normalize } from './normalize.js';
import { applicableTransports, SCENARIOS, type Scenario } from './scenarios.js';
import { seedWorld } from './world.js';

/** A transport left out, or known to disagree, is named in the test's title, so every report shows it. */
function titleOf(scenario: Scenario): string {
  const notes = Object.entries(scenario.notApplicable ?? {}).map(([transport, reason]) => `${transport.toUpperCase()} n/a: ${reason}`);
  const disagreement = scenario.knownDisagreement;
  if (disagreement) notes.push(`KNOWN DISAGREEMENT, ${Object.keys(disagreement.observed).join(', ').toUpperCase()}: ${disagreement.why}`);
  return notes.length > 0 ? `${scenario.name} (${notes.join('; ')})` : scenario.name;
}

/** What each applicable transport must give: the table's outcome, or what a known disagreement pins. */
const expectedOf = (scenario: Scenario) =>
  Object.fromEntries(
    applicableTransports(scenario).map((transport) => [transport, scenario.knownDisagreement?.observed[transport] ?? scenario.expected]),
  );

/** Both halves of the table, for the checks of the table itself. */
const ALL_SCENARIOS = [...SCENARIOS, ...CATALOG_SCENARIOS];

describe('the parity table', () => {
  it('has unique scenario names', () => {
    const names = ALL_SCENARIOS.map((scenario) => scenario.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('runs every scenario through at least two transports, and gives a reason for each one left out', () => {
    for (const scenario of ALL_SCENARIOS) {
      expect(applicableTransports(scenario).length, scenario.name).toBeGreaterThanOrEqual(2);
      for (const reason of Object.values(scenario.notApplicable ?? {})) expect(reason?.trim(), scenario.name).toBeTruthy();
    }
  });

  it('leaves at least one transport agreeing with the expected outcome in each known disagreement', () => {
    for (const scenario of ALL_SCENARIOS.filter((candidate) => candidate.knownDisagreement)) {
      const { observed, why } = scenario.knownDisagreement!;
      expect(why.trim(), scenario.name).toBeTruthy();
      const transports = applicableTransports(scenario);
      expect(Object.keys(observed).every((transport) => transports.includes(transport as never)), scenario.name).toBe(true);
      expect(transports.filter((transport) => !(transport in observed)).length, scenario.name).toBeGreaterThanOrEqual(1);
    }
  });
});

/**
 * One suite per half of the table: the users scenarios on every store, the
 * catalog and orders scenarios on every store too, from a world with the
 * catalog seeded.
 */
function describeParity(title: string, scenarios: Scenario[], kinds: StoreKind[], seed: { catalog: boolean }): void {
  describeEachStore(
    title,
    (fixture) => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(fixture());
      });
      afterAll(async () => {
        await server?.close();
      });

      const url = () => {
        if (!server) throw new Error('server not started');
        return server.url;
      };
      /** A fresh driver per run: what it caches (tokens) belongs to one seeded world. */
      const driverFor: Record<TransportName, () => Driver> = {
        graphql: () => graphqlDriver(url),
        rest: () => restDriver(url),
        cli: () => cliDriver(() => fixture().store),
      };

      for (const scenario of scenarios) {
        it(titleOf(scenario), async () => {
          const outcomes: Partial<Record<TransportName, unknown>> = {};
          for (const transport of applicableTransports(scenario)) {
            await fixture().reset();
            const world = await seedWorld(fixture().store, seed);
            outcomes[transport] = normalize(await scenario.run(driverFor[transport](), world), world);
          }
          expect(outcomes).toEqual(expectedOf(scenario));
        });
      }
    },
    kinds,
  );
}

describeParity('Parity of GraphQL, REST and the CLI', SCENARIOS, storeKinds, { catalog: false });
describeParity('Parity of GraphQL, REST and the CLI: catalog and orders', CATALOG_SCENARIOS, storeKinds, { catalog: true });
