import { expect, it } from 'vitest';
import type { RefreshTokenRecord } from '../../../src/core/auth/refresh-token-repository.js';
import { domainEvent } from '../../../src/core/events/domain-event.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { UserRecord } from '../../../src/core/users/user.js';
import { aProduct } from '../../support/catalog-records.js';
import { asMongoFixture, leaveAPendingPlacement, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';
import { createCliHarness } from './cli-harness.js';

const HOUR = 3_600_000;

let seq = 0;
function aUserRecord(): UserRecord {
  seq += 1;
  const at = new Date();
  return { id: newId(at), email: `maintenance${seq}@example.com`, firstName: 'Ada', lastName: 'Lovelace', passwordHash: 'h', role: 'USER', createdAt: at, updatedAt: at, tokenVersion: 0 };
}

function aToken(userId: string, overrides: Partial<RefreshTokenRecord>): RefreshTokenRecord {
  seq += 1;
  return { id: newId(), tokenHash: `maintenance-hash-${seq}`, userId, familyId: newId(), createdAt: new Date(Date.now() - 2 * HOUR), expiresAt: new Date(), revokedAt: null, tokenVersion: 0, ...overrides };
}

describeEachStore('CLI maintenance', (fixture) => {
  it('purge-tokens prints {"purged": n}: the expired and revoked tokens go, live ones stay', async () => {
    const { store } = fixture();
    const user = aUserRecord();
    await store.users.insert(user);
    const expired = aToken(user.id, { expiresAt: new Date(Date.now() - HOUR) });
    const revoked = aToken(user.id, { expiresAt: new Date(Date.now() + HOUR), revokedAt: new Date(Date.now() - HOUR) });
    const live = aToken(user.id, { expiresAt: new Date(Date.now() + HOUR) });
    for (const token of [expired, revoked, live]) await store.refreshTokens.insert(token);
    const h = createCliHarness({ store });

    const run = await h.cli(['maintenance', 'purge-tokens']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('{"purged":2}\n');
    expect(await store.refreshTokens.findByHash(expired.tokenHash)).toBeNull();
    expect(await store.refreshTokens.findByHash(revoked.tokenHash)).toBeNull();
    expect(await store.refreshTokens.findByHash(live.tokenHash)).toEqual(live);
    expect(h.sessions).toEqual({ opened: 1, closed: 1 });
  });

  it('purge-events prints {"purged": n}: events relayed over 7 days ago go, recent and unsent ones stay', async () => {
    const { store } = fixture();
    const users = [aUserRecord(), aUserRecord(), aUserRecord()];
    for (const user of users) await store.users.insert(user, [domainEvent('user.registered', { userId: user.id }, new Date())]);
    const [old, recent] = await store.outbox.claim({ limit: 2, leaseMs: 60_000, now: new Date() });
    await store.outbox.markSent([old!.id], new Date(Date.now() - 8 * 24 * HOUR));
    await store.outbox.markSent([recent!.id], new Date());
    const run = await createCliHarness({ store }).cli(['maintenance', 'purge-events']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('{"purged":1}\n');
    expect(await store.outbox.pendingCount()).toBe(1);
  });

  it('settle prints {"settled": 0} when no placement is unfinished', async () => {
    const h = createCliHarness({ store: fixture().store });
    const run = await h.cli(['maintenance', 'settle']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('{"settled":0}\n');
  });

  it('refuses an argument it does not take: usage, exit 2, the store never opened', async () => {
    const h = createCliHarness({ store: fixture().store });
    const run = await h.cli(['maintenance', 'settle', 'now']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unexpected argument "now"/);
    expect(h.sessions.opened).toBe(0);
  });
});

describeEachStore(
  'CLI maintenance settle after a placement was left unfinished',
  (fixture) => {
    it('settles it once it is older than 30 s, returning its units to stock', async () => {
      const { store, url } = asMongoFixture(fixture());
      const user = aUserRecord();
      const product = aProduct({ stock: 10 });
      await store.users.insert(user);
      await store.products.insert(product);
      // A process that stops between reserving and settling (here: a fault thrown there) leaves a pending placement.
      await leaveAPendingPlacement(url, user.id, product.id, 4);
      expect((await store.products.findById(product.id))?.stock).toBe(6);

      const young = await createCliHarness({ store }).cli(['maintenance', 'settle']);
      expect(young.stdout).toBe('{"settled":0}\n');
      const later = createCliHarness({ store, clock: () => new Date(Date.now() + 31_000) });
      const run = await later.cli(['maintenance', 'settle']);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe('{"settled":1}\n');
      expect((await store.products.findById(product.id))?.stock).toBe(10);
    });
  },
  [mongoStore],
);
