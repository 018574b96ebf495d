import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../src/core/shared/errors.js';
import { createMemoryStore } from '../../src/data/memory/memory-store.js';
import { guardStore } from '../../src/data/shared/guarded-store.js';

/** A memory store behind the guard, whose user reads can be cut like a lost connection. */
function cuttableStore() {
  const CUT = new Error('connection lost');
  const inner = createMemoryStore();
  const state = { cut: false };
  const findById = inner.users.findById.bind(inner.users);
  inner.users.findById = async (id) => {
    if (state.cut) throw CUT;
    return findById(id);
  };
  const store = guardStore(inner, { isConnectionFailure: (error) => error === CUT });
  return { store, state };
}

const isDown = (store: { availability?: { assertAvailable(): void } }) => {
  try {
    store.availability!.assertAvailable();
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    return true;
  }
};

describe('guarded store', () => {
  it('learns of an outage from a failed call and of the recovery from the next answered one', async () => {
    const { store, state } = cuttableStore();
    state.cut = true;
    await expect(store.users.findById('x')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(isDown(store)).toBe(true);
    state.cut = false;
    await store.users.findById('x');
    expect(isDown(store)).toBe(false);
  });

  it('gives the outbox and the sent-mail log the deadline and SERVICE_UNAVAILABLE on a lost connection', async () => {
    const CUT = new Error('connection lost');
    const inner = createMemoryStore();
    inner.outbox.pendingCount = () => Promise.reject(CUT);
    inner.sentMail.has = () => new Promise(() => {});
    const store = guardStore(inner, { isConnectionFailure: (error) => error === CUT, deadlineMs: 50 });
    await expect(store.outbox.pendingCount()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(store.sentMail.has('evt-1')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(isDown(store)).toBe(true);
  });

  it('takes no recovery from a background settlement, which may answer without reaching the database', async () => {
    const { store, state } = cuttableStore();
    state.cut = true;
    await expect(store.users.findById('x')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(await store.orders.settleUnfinished(new Date())).toBe(0);
    expect(isDown(store)).toBe(true);
  });

  it('guards the outbox and the sent-mail log as it guards the repositories: a lost connection is SERVICE_UNAVAILABLE', async () => {
    const CUT = new Error('connection lost');
    const inner = createMemoryStore();
    inner.outbox.pendingCount = () => Promise.reject(CUT);
    inner.sentMail.has = () => Promise.reject(CUT);
    const store = guardStore(inner, { isConnectionFailure: (error) => error === CUT });
    await expect(store.outbox.pendingCount()).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(store.sentMail.has('evt-1')).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(isDown(store)).toBe(true);
  });

  it("gives the orders' calls their own deadline when the store asks for one, and every other call the store deadline", async () => {
    const inner = createMemoryStore();
    const slowly = <T>(call: () => Promise<T>) => async () => {
      await delay(150); // a call that takes its time, as one queued on a product's lock does
      return call();
    };
    inner.orders.count = slowly(() => Promise.resolve(3));
    inner.users.count = slowly(() => Promise.resolve(4));
    const store = guardStore(inner, { isConnectionFailure: () => false, deadlineMs: 50, ordersDeadlineMs: 2_000 });
    expect(await store.orders.count({})).toBe(3);
    await expect(store.users.count()).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it("streams an export's CSV through the guard, mapping a step's lost connection to SERVICE_UNAVAILABLE after the chunks before it", async () => {
    const CUT = new Error('connection lost');
    const inner = createMemoryStore();
    inner.salesExports.readCsv = async function* () {
      yield 'first\r\n';
      yield 'second\r\n';
      throw CUT;
    };
    const store = guardStore(inner, { isConnectionFailure: (error) => error === CUT });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of store.salesExports.readCsv('x')) seen.push(chunk);
    })();
    await expect(reading).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(seen).toEqual(['first\r\n', 'second\r\n']);
    expect(isDown(store)).toBe(true);
  });
});
