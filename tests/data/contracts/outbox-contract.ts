/**
 * The outbox contract: every store writes a change's events in the same
 * atomic write as the change, never for a change that did not happen, and
 * hands them to relays under leases. Run against every store.
 */
import { expect, it } from 'vitest';
import { type DomainEvent, domainEvent, placementEvents, statusChangeEvents } from '../../../src/core/events/domain-event.js';
import type { Outbox } from '../../../src/core/events/outbox.js';
import type { SentMailLog } from '../../../src/core/mail/sent-mail-log.js';
import { ConflictError } from '../../../src/core/shared/errors.js';
import type { Store } from '../../../src/core/store.js';
import type { StoreFixture } from '../../support/store-fixture.js';
import { aCustomer, aPlacement, aProduct, aUserRecord, at, stocked } from './contract-data.js';

const LEASE = { limit: 100, leaseMs: 60_000 };
const NOW = at(10_000_000);

const userEvent = (userId: string): DomainEvent => domainEvent('user.registered', { userId }, at(1));
const productEvent = (productId: string, change: 'created' | 'updated' | 'restocked' = 'created'): DomainEvent =>
  domainEvent('product.changed', { productId, change }, at(2));

export function outboxContract(fixture: () => StoreFixture): void {
  const store = (): Store => fixture().store;
  const outbox = (): Outbox => store().outbox;
  const sentMail = (): SentMailLog => store().sentMail;
  /** Every event a relay can claim now, by id (a fresh lease each call). */
  let claimedAt = NOW.getTime();
  async function claimAll(): Promise<DomainEvent[]> {
    claimedAt += LEASE.leaseMs + 1; // past every earlier lease
    return outbox().claim({ ...LEASE, now: new Date(claimedAt) });
  }
  const ids = (events: readonly DomainEvent[]) => events.map((event) => event.id).sort();

  it('stores a new user’s events with it, every field intact', async () => {
    const user = aUserRecord();
    const event = userEvent(user.id);
    await store().users.insert(user, [event]);
    expect(await claimAll()).toEqual([event]);
  });

  it('writes no event for an insert refused as a duplicate', async () => {
    const user = aUserRecord();
    await store().users.insert(user);
    const twin = aUserRecord({ email: user.email });
    await expect(store().users.insert(twin, [userEvent(twin.id)])).rejects.toBeInstanceOf(ConflictError);
    expect(await claimAll()).toEqual([]);
  });

  it('stores an update’s events, and none for an update that finds nothing or is refused', async () => {
    const [a, b] = [aUserRecord(), aUserRecord()];
    await store().users.insert(a);
    await store().users.insert(b);
    const changed = domainEvent('user.password-changed', { userId: a.id }, at(3));
    await store().users.update(a.id, { passwordHash: 'new-hash', updatedAt: at(3) }, [changed]);
    expect(await store().users.update(aUserRecord().id, { firstName: 'X', updatedAt: at(4) }, [userEvent('missing')])).toBeNull();
    await expect(store().users.update(b.id, { email: a.email, updatedAt: at(5) }, [userEvent(b.id)])).rejects.toBeInstanceOf(ConflictError);
    expect(await claimAll()).toEqual([changed]);
  });

  it('stores product events from insert, update and restock, and none from refused ones', async () => {
    const product = aProduct({ stock: 999_990 });
    const created = productEvent(product.id);
    await store().products.insert(product, [created]);
    await expect(store().products.insert(aProduct({ sku: product.sku }), [productEvent('dup')])).rejects.toBeInstanceOf(ConflictError);
    const updated = productEvent(product.id, 'updated');
    await store().products.update(product.id, { name: 'Renamed', updatedAt: at(6) }, [updated]);
    expect(await store().products.update(aProduct().id, { name: 'Nobody', updatedAt: at(6) }, [productEvent('gone', 'updated')])).toBeNull();
    const restocked = productEvent(product.id, 'restocked');
    expect((await store().products.restock(product.id, 5, at(7), [restocked])).kind).toBe('restocked');
    expect((await store().products.restock(product.id, 100, at(8), [productEvent(product.id, 'restocked')])).kind).toBe('over-limit');
    expect((await store().products.restock(aProduct().id, 1, at(8), [productEvent('gone', 'restocked')])).kind).toBe('not-found');
    expect(ids(await claimAll())).toEqual(ids([created, updated, restocked]));
  });

  it('stores a placement’s events with the order, and none for a placement refused or repeated', async () => {
    const customer = await aCustomer(store());
    const [p] = await stocked(store(), aProduct({ stock: 3 }));
    const request = aPlacement(customer.id, [{ productId: p!.id, quantity: 2 }], { idempotencyKey: 'k' });
    const events = placementEvents({ id: request.id, customerId: customer.id, productIds: [p!.id] }, request.at);
    expect((await store().orders.place(request, events)).kind).toBe('placed');

    const short = aPlacement(customer.id, [{ productId: p!.id, quantity: 2 }]);
    const shortEvents = placementEvents({ id: short.id, customerId: customer.id, productIds: [p!.id] }, short.at);
    expect((await store().orders.place(short, shortEvents)).kind).toBe('out-of-stock');
    const unknown = aPlacement(customer.id, [{ productId: aProduct().id, quantity: 1 }]);
    expect((await store().orders.place(unknown, placementEvents({ id: unknown.id, customerId: customer.id, productIds: [] }, unknown.at))).kind).toBe(
      'unavailable',
    );
    const again = aPlacement(customer.id, [{ productId: p!.id, quantity: 2 }], { idempotencyKey: 'k' });
    const againEvents = placementEvents({ id: again.id, customerId: customer.id, productIds: [p!.id] }, again.at);
    expect((await store().orders.place(again, againEvents)).kind).toBe('duplicate');

    const claimed = await claimAll();
    expect(ids(claimed)).toEqual(ids(events));
    expect(claimed.find((event) => event.type === 'order.placed')).toEqual(events[0]);
  });

  it('stores a status change’s events, and none when the compare-and-set misses', async () => {
    const customer = await aCustomer(store());
    const [p] = await stocked(store(), aProduct({ stock: 3 }));
    const request = aPlacement(customer.id, [{ productId: p!.id, quantity: 1 }]);
    await store().orders.place(request);
    const order = { id: request.id, customerId: customer.id, productIds: [p!.id] };
    const paid = { from: 'PLACED' as const, to: 'PAID' as const, at: at(20) };
    const paidEvents = statusChangeEvents(order, paid, paid.at);
    expect(await store().orders.changeStatus(request.id, paid, paidEvents)).not.toBeNull();
    const stale = { from: 'PLACED' as const, to: 'CANCELLED' as const, at: at(21) };
    expect(await store().orders.changeStatus(request.id, stale, statusChangeEvents(order, stale, stale.at))).toBeNull();
    const cancel = { from: 'PAID' as const, to: 'CANCELLED' as const, at: at(22) };
    const cancelEvents = statusChangeEvents(order, cancel, cancel.at);
    expect(await store().orders.changeStatus(request.id, cancel, cancelEvents)).not.toBeNull();
    expect(ids(await claimAll())).toEqual(ids([...paidEvents, ...cancelEvents]));
  });

  it('hands out events oldest first, `limit` at a time', async () => {
    const users = [aUserRecord(), aUserRecord(), aUserRecord()];
    const events = users.map((user, i) => domainEvent('user.registered', { userId: user.id }, at(100 - i * 10)));
    for (const [i, user] of users.entries()) await store().users.insert(user, [events[i]!]);
    const first = await outbox().claim({ limit: 2, leaseMs: 1_000, now: NOW });
    expect(first.map((event) => event.id)).toEqual([events[2]!.id, events[1]!.id]);
    const rest = await outbox().claim({ limit: 2, leaseMs: 1_000, now: NOW });
    expect(rest.map((event) => event.id)).toEqual([events[0]!.id]);
  });

  it('leases claimed events: claimed again only once the lease has run out, never once marked sent', async () => {
    const [a, b] = [aUserRecord(), aUserRecord()];
    await store().users.insert(a, [userEvent(a.id)]);
    await store().users.insert(b, [userEvent(b.id)]);
    const claimed = await outbox().claim({ limit: 10, leaseMs: 5_000, now: NOW });
    expect(claimed).toHaveLength(2);
    expect(await outbox().claim({ limit: 10, leaseMs: 5_000, now: new Date(NOW.getTime() + 4_999) })).toEqual([]);
    expect(await outbox().pendingCount()).toBe(2);

    await outbox().markSent([claimed[0]!.id, 'not-an-event'], NOW);
    expect(await outbox().pendingCount()).toBe(1);
    const again = await outbox().claim({ limit: 10, leaseMs: 5_000, now: new Date(NOW.getTime() + 5_000) });
    expect(again.map((event) => event.id)).toEqual([claimed[1]!.id]);
    await outbox().markSent([claimed[1]!.id], NOW);
    await outbox().markSent([claimed[1]!.id], NOW); // twice is harmless
    expect(await claimAll()).toEqual([]);
    expect(await outbox().pendingCount()).toBe(0);
  });

  it('never hands one event to two relays claiming at once', async () => {
    const users = Array.from({ length: 12 }, () => aUserRecord());
    for (const user of users) await store().users.insert(user, [userEvent(user.id)]);
    const claims = await Promise.all(Array.from({ length: 4 }, () => outbox().claim({ limit: 12, leaseMs: 60_000, now: NOW })));
    const all = claims.flat().map((event) => event.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(12);
  });

  it('forgets events marked sent before the cut-off, and never an unsent one', async () => {
    const users = [aUserRecord(), aUserRecord(), aUserRecord()];
    for (const user of users) await store().users.insert(user, [userEvent(user.id)]);
    const [old, recent] = await outbox().claim({ limit: 2, leaseMs: 60_000, now: NOW });
    await outbox().markSent([old!.id], at(1_000));
    await outbox().markSent([recent!.id], at(3_000));
    let purged = 0;
    for (let batch = await outbox().purgeSent(at(2_000)); batch > 0; batch = await outbox().purgeSent(at(2_000))) purged += batch;
    expect(purged).toBe(1);
    expect(await outbox().pendingCount()).toBe(1); // the unsent one stays
    expect(await outbox().purgeSent(at(10_000_000_000))).toBeLessThanOrEqual(1); // the recent one may go now; the unsent never
    expect(await outbox().pendingCount()).toBe(1);
  });

  it('records the mail sent for an event once, and answers whether it was', async () => {
    expect(await sentMail().has('evt-1')).toBe(false);
    await sentMail().record({ eventId: 'evt-1', messageId: '<evt-evt-1@example.com>', sentAt: NOW });
    await sentMail().record({ eventId: 'evt-1', messageId: '<evt-evt-1@example.com>', sentAt: at(1) });
    expect(await sentMail().has('evt-1')).toBe(true);
    expect(await sentMail().has('evt-2')).toBe(false);
  });
}
