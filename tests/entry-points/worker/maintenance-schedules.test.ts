/**
 * Scheduled maintenance through the worker: the schedules every worker
 * declares, and the jobs they run (the refresh-token purge, the settlement
 * sweep), driven by short test intervals instead of waiting for the real ones.
 */
import { afterEach, expect, it } from 'vitest';
import type { RefreshTokenRecord } from '../../../src/core/auth/refresh-token-repository.js';
import type { JobQueue } from '../../../src/core/jobs/job-queue.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { Store } from '../../../src/core/store.js';
import { createUseCases } from '../../../src/core/use-cases.js';
import { openJobs } from '../../../src/config/jobs.js';
import { loadConfig } from '../../../src/config/env.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { JoseAccessTokens } from '../../../src/data/security/jose-access-tokens.js';
import { createJobHandler, MAINTENANCE_JOBS } from '../../../src/entry-points/worker/job-handler.js';
import { TEST_SETTINGS } from '../../data/queue/queue-contract.js';
import { aProduct } from '../../support/catalog-records.js';
import { asMongoFixture, leaveAPendingPlacement, mongoStore } from '../../support/mongo-stores.js';
import { pollUntil } from '../../support/server-process.js';
import { describeEachStore, storeKinds } from '../../support/stores.js';
import { fastHasher } from '../../support/test-server.js';
import { aUserRecord } from '../../data/contracts/contract-data.js';

const HOUR = 3_600_000;
const silent = { info: () => {}, warn: () => {} };
const queues: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.close();
});

const useCasesOver = (store: Store, clock = () => new Date()) =>
  createUseCases({ store, hasher: fastHasher, accessTokens: new JoseAccessTokens('maintenance-schedule-secret-32-bytes!!', 60), clock, refreshTokenTtl: 60 });

function aWorkerQueue(store: Store, clock?: () => Date): JobQueue {
  const queue = new InProcessQueue(TEST_SETTINGS);
  queues.push(queue);
  queue.consume(createJobHandler(useCasesOver(store, clock), silent));
  return queue;
}

it('a worker declares the settlement sweep (every 15 s), the token purge (every 15 min in process) and the outbox purge (hourly)', async () => {
  const config = loadConfig({ NODE_ENV: 'test', DB_TYPE: 'memory', LOG_LEVEL: 'silent', JWT_SECRET: 'maintenance-schedule-secret-32-bytes!!' });
  const { createMemoryStore } = await import('../../../src/data/memory/memory-store.js');
  const store = createMemoryStore();
  const { pino } = await import('pino');
  const jobs = await openJobs(config, pino({ level: 'silent' }));
  queues.push(jobs);
  jobs.runWorker(store, useCasesOver(store));
  const schedules = await pollUntil('the three schedules', async () => {
    const found = await jobs.queue.schedules();
    return found.length === 3 ? found : undefined;
  });
  expect(schedules.map(({ id, name, every }) => ({ id, name, every })).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
    { id: 'purge-refresh-tokens', name: MAINTENANCE_JOBS.purgeRefreshTokens, every: 15 * 60_000 },
    { id: 'purge-sent-events', name: MAINTENANCE_JOBS.purgeSentEvents, every: 3_600_000 },
    { id: 'settle-placements', name: MAINTENANCE_JOBS.settlePlacements, every: 15_000 },
  ]);
});

describeEachStore(
  'the scheduled token purge',
  (fixture) => {
    it('removes expired and long-revoked refresh tokens on its schedule, and keeps live ones', async () => {
      const { store } = fixture();
      const user = aUserRecord();
      await store.users.insert(user);
      const token = (overrides: Partial<RefreshTokenRecord>): RefreshTokenRecord => ({
        id: newId(),
        tokenHash: `schedule-${newId()}`,
        userId: user.id,
        familyId: newId(),
        createdAt: new Date(Date.now() - 2 * HOUR),
        expiresAt: new Date(Date.now() + HOUR),
        revokedAt: null,
        tokenVersion: 0,
        ...overrides,
      });
      const expired = token({ expiresAt: new Date(Date.now() - HOUR) });
      const live = token({});
      for (const record of [expired, live]) await store.refreshTokens.insert(record);
      const queue = aWorkerQueue(store);
      await queue.schedule({ id: 'purge-test', name: MAINTENANCE_JOBS.purgeRefreshTokens, every: 50 });
      await pollUntil('the expired token purged', async () => (await store.refreshTokens.findByHash(expired.tokenHash)) === null);
      expect(await store.refreshTokens.findByHash(live.tokenHash)).toEqual(live);
    });
  },
  storeKinds,
);

describeEachStore(
  'the scheduled settlement sweep',
  (fixture) => {
    it('settles a placement a crashed process left pending, once it is older than 30 s', async () => {
      const { store, url } = asMongoFixture(fixture());
      const user = aUserRecord();
      const product = aProduct({ stock: 10 });
      await store.users.insert(user);
      await store.products.insert(product);
      await leaveAPendingPlacement(url, user.id, product.id, 4);
      expect((await store.products.findById(product.id))?.stock).toBe(6);
      // The worker's clock is 31 s ahead: the placement is past the sweep's grace.
      const queue = aWorkerQueue(store, () => new Date(Date.now() + 31_000));
      await queue.schedule({ id: 'settle-test', name: MAINTENANCE_JOBS.settlePlacements, every: 50 });
      await pollUntil('the units back in stock', async () => (await store.products.findById(product.id))?.stock === 10);
    });
  },
  [mongoStore],
);

