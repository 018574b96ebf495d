/**
 * The SQL side of the outbox, on PGlite and the PostgreSQL server: the rows as stored, the
 * single-statement writes that carry events (restock, a status change) answering what the plain
 * ones answer, purging sent events, and a placement or cancellation whose transaction fails midway
 * leaving no event. The outbox contract (tests/data/outbox-store-contract.test.ts) holds every
 * store to the port; this file is about how the SQL store keeps it.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { domainEvent, placementEvents, statusChangeEvents, type DomainEvent } from '../../../src/core/events/domain-event.js';
import type { FaultHook } from '../../../src/data/shared/fault-hook.js';
import { asSqlFixture, openPgliteFixture, openPostgresFixture, pgliteStore, postgresStore, sqlStoreKinds } from '../../support/sql-stores.js';
import { describeEachStore } from '../../support/stores.js';
import { describeWithPostgres } from './with-postgres.js';
import { aCustomer, aPlacement, aProduct, aUserRecord, at, stocked } from '../contracts/contract-data.js';

const userEvent = (userId: string, when = at(1)): DomainEvent => domainEvent('user.registered', { userId }, when);

describeEachStore(
  'SQL outbox',
  (fixture) => {
    const store = () => asSqlFixture(fixture()).store;

    it('stores an event as a row: its id, type, time, and its data as the payload, unleased and unsent', async () => {
      const user = aUserRecord();
      const event = userEvent(user.id, new Date('2026-03-04T05:06:07.891Z'));
      await store().users.insert(user, [event]);
      expect(await store().prisma.outboxEvent.findMany()).toEqual([
        { id: event.id, type: 'user.registered', occurredAt: event.at, payload: { userId: user.id }, leasedUntil: null, sentAt: null },
      ]);
    });

    it('answers a restock that carries events with the product as stored, as one without events does', async () => {
      const [product] = await stocked(store(), aProduct({ stock: 5 }));
      const outcome = await store().products.restock(product!.id, 3, at(50), [domainEvent('product.changed', { productId: product!.id, change: 'restocked' }, at(50))]);
      expect(outcome).toEqual({ kind: 'restocked', product: await store().products.findById(product!.id) });
      expect(outcome).toMatchObject({ product: { stock: 8, updatedAt: at(50) } });
    });

    it('answers a status change that carries events with the order as stored, as one without events does', async () => {
      const customer = await aCustomer(store());
      const [p] = await stocked(store(), aProduct({ stock: 3 }));
      const request = aPlacement(customer.id, [{ productId: p!.id, quantity: 2 }], { idempotencyKey: 'k-1' });
      await store().orders.place(request);
      const change = { from: 'PLACED' as const, to: 'PAID' as const, at: at(60) };
      const changed = await store().orders.changeStatus(
        request.id,
        change,
        statusChangeEvents({ id: request.id, customerId: customer.id, productIds: [p!.id] }, change, change.at),
      );
      expect(changed).toEqual(await store().orders.findById(request.id));
      expect(changed).toMatchObject({ status: 'PAID', idempotencyKey: 'k-1', updatedAt: at(60), totalCents: 2 * p!.priceCents });
    });

    it('writes no event for a status change (not a cancellation) whose compare-and-set misses', async () => {
      const customer = await aCustomer(store());
      const [p] = await stocked(store(), aProduct({ stock: 3 }));
      const request = aPlacement(customer.id, [{ productId: p!.id, quantity: 1 }]);
      await store().orders.place(request);
      const stale = { from: 'PAID' as const, to: 'SHIPPED' as const, at: at(60) };
      const events = statusChangeEvents({ id: request.id, customerId: customer.id, productIds: [p!.id] }, stale, stale.at);
      expect(await store().orders.changeStatus(request.id, stale, events)).toBeNull();
      expect(await store().orders.changeStatus(aPlacement(customer.id, []).id, stale, events)).toBeNull();
      expect(await store().prisma.outboxEvent.count()).toBe(0);
    });

    it('marks events sent at the given time, leaving others alone and a first mark in place', async () => {
      const [a, b] = [aUserRecord(), aUserRecord()];
      const [ea, eb] = [userEvent(a.id), userEvent(b.id)];
      await store().users.insert(a, [ea]);
      await store().users.insert(b, [eb]);
      await store().outbox.markSent([ea.id], at(100));
      await store().outbox.markSent([ea.id], at(200));
      const rows = await store().prisma.outboxEvent.findMany({ select: { id: true, sentAt: true } });
      expect(rows.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual(
        [
          { id: ea.id, sentAt: at(100) },
          { id: eb.id, sentAt: null },
        ].sort((x, y) => (x.id < y.id ? -1 : 1)),
      );
    });

    it('purges the events sent before the given time and answers how many, keeping unsent and later-sent ones', async () => {
      const users = [aUserRecord(), aUserRecord(), aUserRecord(), aUserRecord()];
      const events = users.map((user) => userEvent(user.id));
      for (const [i, user] of users.entries()) await store().users.insert(user, [events[i]!]);
      const [old, boundary, recent] = events;
      await store().outbox.markSent([old!.id], at(1_000));
      await store().outbox.markSent([boundary!.id], at(2_000));
      await store().outbox.markSent([recent!.id], at(3_000));

      expect(await store().outbox.purgeSent(at(2_000))).toBe(1);
      const left = (await store().prisma.outboxEvent.findMany({ select: { id: true } })).map((row) => row.id).sort();
      expect(left).toEqual([boundary!.id, recent!.id, events[3]!.id].sort());
      expect(await store().outbox.pendingCount()).toBe(1);
      expect(await store().outbox.purgeSent(at(2_000))).toBe(0);
    });

    it('keeps the first record of a mail when an event is recorded twice', async () => {
      await store().sentMail.record({ eventId: 'evt-1', messageId: '<first@example.com>', sentAt: at(1) });
      await store().sentMail.record({ eventId: 'evt-1', messageId: '<second@example.com>', sentAt: at(2) });
      expect(await store().prisma.sentMail.findMany()).toEqual([{ eventId: 'evt-1', messageId: '<first@example.com>', sentAt: at(1) }]);
    });
  },
  sqlStoreKinds,
);

// ---------------------------------------------------------------------------------------------
// A transaction that fails midway: the fault hook throws at a named point instead of killing the
// process (placement-crash.test.ts does that), so the caller sees the error and the store must show
// neither the change nor its events.

let failAt: string | undefined;
const failing: FaultHook = (point) => {
  if (point === failAt) throw new Error(`injected failure at ${point}`);
};

describeEachStore(
  'SQL outbox, a write failing midway',
  (fixture) => {
    const store = () => asSqlFixture(fixture()).store;
    const eventCount = () => store().prisma.outboxEvent.count();

    for (const point of ['placement:after-order-insert', 'placement:after-reserve:1', 'placement:before-commit']) {
      it(`writes neither the order nor its events when the placement fails at ${point}`, async () => {
        const customer = await aCustomer(store());
        const products = await stocked(store(), aProduct({ stock: 5 }), aProduct({ stock: 5 }));
        const request = aPlacement(
          customer.id,
          products.map((p) => ({ productId: p.id, quantity: 2 })),
        );
        const events = placementEvents({ id: request.id, customerId: customer.id, productIds: products.map((p) => p.id) }, request.at);
        failAt = point;
        try {
          await expect(store().orders.place(request, events)).rejects.toThrow(`injected failure at ${point}`);
        } finally {
          failAt = undefined;
        }
        expect(await store().orders.findById(request.id)).toBeNull();
        expect(await eventCount()).toBe(0);
        for (const p of products) expect((await store().products.findById(p.id))!.stock).toBe(5);
      });
    }

    for (const point of ['cancel:after-status', 'cancel:after-return:0']) {
      it(`keeps the order placed and writes no cancellation event when the cancellation fails at ${point}`, async () => {
        const customer = await aCustomer(store());
        const [p] = await stocked(store(), aProduct({ stock: 5 }));
        const request = aPlacement(customer.id, [{ productId: p!.id, quantity: 2 }]);
        await store().orders.place(request);
        const cancel = { from: 'PLACED' as const, to: 'CANCELLED' as const, at: at(70) };
        const events = statusChangeEvents({ id: request.id, customerId: customer.id, productIds: [p!.id] }, cancel, cancel.at);
        failAt = point;
        try {
          await expect(store().orders.changeStatus(request.id, cancel, events)).rejects.toThrow(`injected failure at ${point}`);
        } finally {
          failAt = undefined;
        }
        expect((await store().orders.findById(request.id))!.status).toBe('PLACED');
        expect(await eventCount()).toBe(0);
        expect((await store().products.findById(p!.id))!.stock).toBe(3);
      });
    }
  },
  [
    { ...pgliteStore, open: () => openPgliteFixture({ faults: failing }) },
    { ...postgresStore, open: () => openPostgresFixture({ faults: failing }) },
  ],
);

// ---------------------------------------------------------------------------------------------
// Relays on several instances: a claim must pass over the rows another relay's claim has locked,
// not wait for them (nor take them once that claim commits its lease).

describeWithPostgres('SQL outbox, a claim beside another in progress', () => {
  let fixture: Awaited<ReturnType<typeof openPostgresFixture>>;
  beforeAll(async () => {
    fixture = await openPostgresFixture();
  });
  afterAll(() => fixture?.dispose());
  beforeEach(() => fixture.reset());

  it('skips the rows another transaction holds locked, and leaves them to it once it leases them', async () => {
    const users = [aUserRecord(), aUserRecord(), aUserRecord()];
    const events = users.map((user, i) => userEvent(user.id, at(10 + i)));
    for (const [i, user] of users.entries()) await fixture.store.users.insert(user, [events[i]!]);
    const [held, ...free] = events;
    const other = new pg.Client({ connectionString: fixture.url });
    await other.connect();
    try {
      // What another relay's claim does to its row: lock it, lease it, not committed yet.
      await other.query('BEGIN');
      await other.query(`UPDATE outbox_events SET leased_until = now() + interval '1 hour' WHERE id = $1`, [held!.id]);
      const started = performance.now();
      const claimed = await fixture.store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(100) });
      expect(claimed.map((event) => event.id)).toEqual(free.map((event) => event.id));
      expect(performance.now() - started, 'answered without waiting for the lock').toBeLessThan(2_000);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    // Both leases hold (the other relay's, committed, and this claim's): nothing is free until they run out.
    expect(await fixture.store.outbox.claim({ limit: 10, leaseMs: 1_000, now: at(1_000) })).toEqual([]);
  });
});
