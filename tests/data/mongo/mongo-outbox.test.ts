/**
 * What only the MongoDB outbox has to prove (the behaviour every store shares
 * is tests/data/contracts/outbox-contract.ts): events embedded in their
 * documents survive what a crashed placement leaves exactly when its order
 * does; pruning a sent event keeps a racing update of its document on FerretDB,
 * which writes documents back whole; a sent mark keeps an unpruned event from
 * being claimed again; expired leases go to one relay; purgeSent removes only
 * what no claim needs.
 */
import { expect, it } from 'vitest';
import { type DomainEvent, domainEvent, placementEvents } from '../../../src/core/events/domain-event.js';
import type { PlacementRequest } from '../../../src/core/orders/order.js';
import { COLLECTIONS, type OrderDocument, type OutboxMarkDocument, toStoredEvents, type UserDocument } from '../../../src/data/mongo/documents.js';
import { openMongoStore } from '../../../src/data/mongo/mongo-store.js';
import type { FaultHook } from '../../../src/data/shared/fault-hook.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';
import { aCustomer, aPlacement, aProduct, aUserRecord, at, stocked } from '../contracts/contract-data.js';

const NOW = at(10_000_000);
const LEASE = { limit: 100, leaseMs: 60_000 };
const ids = (events: readonly DomainEvent[]) => events.map((event) => event.id).sort();
const registered = (userId: string, ms = 1): DomainEvent => domainEvent('user.registered', { userId }, at(ms));

/**
 * A process that stops for good the first time it reaches `point`: what a kill there leaves,
 * seen from the database (every fault point lies outside any lock). `reached` resolves then.
 */
function freezeAt(point: string): { faults: FaultHook; reached: Promise<void> } {
  let resolve = () => {};
  const reached = new Promise<void>((done) => (resolve = done));
  const faults: FaultHook = (at) => {
    if (at !== point) return;
    resolve();
    return new Promise<never>(() => {});
  };
  return { faults, reached };
}

/** A placement's fault points (mongo-placement.ts, mongo-order-settlement.ts); `refused` overdraws the last line. */
const PLACEMENT_POINTS: readonly { point: string; refused: boolean; settled: boolean }[] = [
  { point: 'placement:after-pending-insert', refused: false, settled: false },
  { point: 'placement:after-reserve:0', refused: false, settled: false },
  { point: 'placement:after-reserve:1', refused: false, settled: false },
  { point: 'placement:after-reserve:2', refused: false, settled: false },
  { point: 'placement:before-settle', refused: false, settled: false },
  { point: 'placement:after-settle', refused: false, settled: true },
  { point: 'placement:after-release:0', refused: true, settled: false },
  { point: 'placement:after-release:1', refused: true, settled: false },
];

describeEachStore(
  'MongoDB outbox specifics',
  (fixture) => {
    const mongo = () => asMongoFixture(fixture());
    const store = () => mongo().store;
    const outbox = () => mongo().store.outbox;
    const marks = () => mongo().db.collection<OutboxMarkDocument>(COLLECTIONS.outboxMarks);
    /** The ids of the events embedded in a user's document. */
    const outboxOfUser = async (id: string) =>
      (await mongo().db.collection<UserDocument>(COLLECTIONS.users).findOne({ _id: id }))?.outbox?.map((event) => event.id);

    for (const { point, refused, settled } of PLACEMENT_POINTS) {
      it(`makes a placement's events claimable exactly when its order exists, after a stop at ${point} and the sweep`, async () => {
        const customer = await aCustomer(store());
        const products = await stocked(store(), aProduct({ stock: 5 }), aProduct({ stock: 5 }), aProduct({ stock: 5 }));
        const [first, second, last] = products.map((p) => p.id).sort();
        const request: PlacementRequest = aPlacement(customer.id, [
          { productId: first!, quantity: 1 },
          { productId: second!, quantity: 1 },
          { productId: last!, quantity: refused ? 1_000 : 1 },
        ]);
        const events = placementEvents({ id: request.id, customerId: customer.id, productIds: [first!, second!, last!] }, request.at);
        const { faults, reached } = freezeAt(point);
        const stopped = await openMongoStore(mongo().url, { faults });
        try {
          void stopped.orders.place(request, events).catch(() => undefined);
          await reached;
          const stored = await mongo().db.collection<OrderDocument>(COLLECTIONS.orders).findOne({ _id: request.id });
          expect(stored?.outbox?.map((event) => event.id).sort(), 'the events stored with the order').toEqual(ids(events));
          const beforeSweep = await outbox().claim({ ...LEASE, now: NOW });
          expect(ids(beforeSweep), 'claimable before the sweep').toEqual(settled ? ids(events) : []);

          await store().orders.settleUnfinished(new Date(Date.now() + 60_000));
          const order = await store().orders.findById(request.id);
          expect(order !== null, 'the order exists after the sweep').toBe(settled);
          const afterSweep = await outbox().claim({ ...LEASE, now: new Date(NOW.getTime() + LEASE.leaseMs) });
          expect(ids(afterSweep), 'claimable after the sweep').toEqual(settled ? ids(events) : []);
          expect(await outbox().pendingCount()).toBe(settled ? events.length : 0);
        } finally {
          await stopped.close();
        }
      });
    }

    it('keeps a concurrent update of a user while its sent events are pruned, round after round', async () => {
      const lost: string[] = [];
      for (let round = 0; round < 15; round++) {
        const user = aUserRecord();
        const sent = registered(user.id);
        await store().users.insert(user, [sent]);
        await outbox().claim({ ...LEASE, now: NOW });
        const renamed = domainEvent('user.password-changed', { userId: user.id }, at(2));
        await Promise.all([
          outbox().markSent([sent.id], NOW),
          store().users.update(user.id, { firstName: `Round ${round}`, updatedAt: at(2) }, [renamed]),
        ]);
        const stored = await store().users.findById(user.id);
        if (stored?.firstName !== `Round ${round}`) lost.push(`round ${round}: the update`);
        const left = await outboxOfUser(user.id);
        if (JSON.stringify(left) !== JSON.stringify([renamed.id])) lost.push(`round ${round}: outbox ${JSON.stringify(left)}`);
        await marks().deleteMany({});
      }
      expect(lost).toEqual([]);
    });

    it('removes a sent event from its document and keeps its mark', async () => {
      const user = aUserRecord();
      const event = registered(user.id);
      await store().users.insert(user, [event]);
      await outbox().claim({ ...LEASE, now: NOW });
      await outbox().markSent([event.id], NOW);
      expect(await outboxOfUser(user.id)).toEqual([]);
      expect(await marks().findOne({ _id: event.id })).toMatchObject({ sentAt: NOW, source: 'users', documentId: user.id });
    });

    it('marks and prunes an event sent without having been claimed', async () => {
      const user = aUserRecord();
      const event = registered(user.id);
      await store().users.insert(user, [event]);
      await outbox().markSent([event.id], NOW);
      expect(await outboxOfUser(user.id)).toEqual([]);
      expect(await outbox().claim({ ...LEASE, now: NOW })).toEqual([]);
    });

    it('never hands out an event marked sent whose pruning failed, and prunes it', async () => {
      const user = aUserRecord();
      const event = registered(user.id);
      await store().users.insert(user, [event]);
      await outbox().claim({ ...LEASE, leaseMs: 1, now: NOW });
      // What markSent leaves when it dies between the mark and the pruning.
      await marks().updateOne({ _id: event.id }, { $set: { sentAt: NOW } });
      expect(await outbox().pendingCount()).toBe(0);
      expect(await outbox().claim({ ...LEASE, now: new Date(NOW.getTime() + 10) })).toEqual([]);
      expect(await outboxOfUser(user.id)).toEqual([]);
    });

    it('hands each expired lease to exactly one of racing claims', async () => {
      const users = Array.from({ length: 12 }, () => aUserRecord());
      for (const user of users) await store().users.insert(user, [registered(user.id)]);
      expect(await outbox().claim({ limit: 12, leaseMs: 1_000, now: NOW })).toHaveLength(12);
      const later = new Date(NOW.getTime() + 1_000);
      const claims = await Promise.all(Array.from({ length: 4 }, () => outbox().claim({ limit: 12, leaseMs: 60_000, now: later })));
      const all = claims.flat().map((event) => event.id);
      expect(all).toHaveLength(12);
      expect(new Set(all).size).toBe(12);
    });

    it('never hands out the events of a pending placement', async () => {
      const customer = await aCustomer(store());
      const request = aPlacement(customer.id, [{ productId: 'p', quantity: 1 }]);
      const event = domainEvent('order.placed', { orderId: request.id, customerId: customer.id }, request.at);
      const pending: OrderDocument = {
        _id: request.id,
        customerId: customer.id,
        idempotencyKey: null,
        idem: `order:${request.id}`,
        placement: 'pending',
        pendingSince: new Date(),
        lines: [{ productId: 'p', quantity: 1 }],
        createdAt: request.at,
        updatedAt: request.at,
        outbox: toStoredEvents([event]),
      };
      await mongo().db.collection<OrderDocument>(COLLECTIONS.orders).insertOne(pending);
      expect(await outbox().claim({ ...LEASE, now: NOW })).toEqual([]);
      expect(await outbox().pendingCount()).toBe(0);
    });

    it('keeps events out of every record it reads', async () => {
      const user = aUserRecord();
      await store().users.insert(user, [registered(user.id)]);
      const [product] = await stocked(store(), aProduct());
      const renamed = domainEvent('product.changed', { productId: product!.id, change: 'updated' }, at(5));
      await store().products.update(product!.id, { name: 'Renamed', updatedAt: at(5) }, [renamed]);
      const request = aPlacement(user.id, [{ productId: product!.id, quantity: 1 }]);
      await store().orders.place(request, placementEvents({ id: request.id, customerId: user.id, productIds: [product!.id] }, request.at));
      const records = [
        await store().users.findById(user.id),
        await store().users.findByEmail(user.email),
        ...(await store().users.page({ limit: 10 })),
        await store().products.findById(product!.id),
        ...(await store().products.page({ limit: 10, filter: { includeArchived: true } })),
        await store().orders.findById(request.id),
        ...(await store().orders.page({ limit: 10, filter: {} })),
      ];
      expect(records.filter((record) => record === null || 'outbox' in record)).toEqual([]);
    });

    it('purges old sent marks and spent leases, keeping the lease of an event still pending', async () => {
      const [sent, pending, gone] = [aUserRecord(), aUserRecord(), aUserRecord()];
      const events = [registered(sent.id, 1), registered(pending.id, 2), registered(gone.id, 3)] as const;
      for (const [i, user] of [sent, pending, gone].entries()) await store().users.insert(user, [events[i]!]);
      expect(await outbox().claim({ ...LEASE, leaseMs: 1, now: NOW })).toHaveLength(3);
      await outbox().markSent([events[0].id], NOW);
      await store().users.delete(gone.id);

      expect(await outbox().purgeSent(new Date(NOW.getTime() + 1_000))).toBe(2);
      expect((await marks().find({}).toArray()).map((mark) => mark._id)).toEqual([events[1].id]);
      expect(ids(await outbox().claim({ ...LEASE, now: new Date(NOW.getTime() + 2_000) }))).toEqual([events[1].id]);
    });

    it('prunes an event marked sent before purging its mark, so it is never claimable again', async () => {
      const user = aUserRecord();
      const event = registered(user.id);
      await store().users.insert(user, [event]);
      await outbox().claim({ ...LEASE, leaseMs: 1, now: NOW });
      await marks().updateOne({ _id: event.id }, { $set: { sentAt: NOW } });
      expect(await outbox().purgeSent(new Date(NOW.getTime() + 1_000))).toBe(1);
      expect(await outboxOfUser(user.id)).toEqual([]);
      expect(await outbox().claim({ ...LEASE, now: new Date(NOW.getTime() + 2_000) })).toEqual([]);
    });

    it('keeps sent marks younger than the purge horizon', async () => {
      const user = aUserRecord();
      const event = registered(user.id);
      await store().users.insert(user, [event]);
      await outbox().markSent([event.id], NOW);
      expect(await outbox().purgeSent(NOW)).toBe(0);
      expect(await marks().countDocuments()).toBe(1);
    });

    it('records a sent mail under its event id, keeping the first record', async () => {
      await store().sentMail.record({ eventId: 'evt-1', messageId: '<first@example.com>', sentAt: NOW });
      await store().sentMail.record({ eventId: 'evt-1', messageId: '<second@example.com>', sentAt: at(1) });
      const stored = await mongo().db.collection(COLLECTIONS.sentMail).find({}).toArray();
      expect(stored).toEqual([{ _id: 'evt-1', messageId: '<first@example.com>', sentAt: NOW }]);
    });
  },
  [mongoStore],
);
