import { ServiceUnavailableError } from '../../core/shared/errors.js';
import type { StoreAvailability } from '../../core/shared/store-availability.js';
import type { Store } from '../../core/store.js';

/** CONTRACT.md, SERVICE_UNAVAILABLE: a store call with no answer within this is a failure to answer. */
export const STORE_DEADLINE_MS = 5_000;

export interface ConnectionFailures {
  /** True for the driver's typed failures to reach the database: refused, lost, timed out, pool exhausted. */
  isConnectionFailure(error: unknown): boolean;
  /** Overrides STORE_DEADLINE_MS (tests). */
  deadlineMs?: number;
  /**
   * The deadline of the orders' calls, when it must be longer than deadlineMs: a store without
   * transactions queues racing placements on per-product locks (MongoDB), so a placement behind
   * 49 others for the same product is waiting its turn, not unanswered. Defaults to deadlineMs.
   */
  ordersDeadlineMs?: number;
  /** For a driver that learns of an outage on its own (MongoDB's server monitoring): it says so at once. */
  watch?(signals: { down(): void; up(): void }): void;
}

/** Our own deadline passed: the call may still complete in the background, its outcome unknown to the caller. */
class NoAnswerInTime extends Error {
  constructor(ms: number) {
    super(`the store did not answer within ${ms} ms`);
  }
}

function withDeadline<T>(call: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswerInTime(ms)), ms);
  });
  // Settled late or never observed: a rejection after the deadline must not become an unhandled one.
  call.catch(() => undefined);
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}

type Run = <R>(call: () => Promise<R>, options?: { provesUp?: boolean; ms?: number }) => Promise<R>;

/**
 * Wraps every method of a repository so that each call goes through `run`.
 * A method in `background` still gets the deadline and still reports an
 * outage, but its answer is no sign of recovery: it may answer without
 * reaching the database at all (a settlement with nothing to do answers 0),
 * and it runs on a timer whether or not the store is back.
 */
function guardMethods<T extends object>(target: T, run: Run, background: readonly (keyof T)[] = []): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const value: unknown = Reflect.get(object, key, receiver);
      if (typeof value !== 'function') return value;
      const provesUp = !background.includes(key as keyof T);
      return (...args: unknown[]) => run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(object, args), { provesUp });
    },
  });
}

/**
 * The repository's methods through `run`, like guardMethods, except those in
 * `streams`: they answer an async iterable at once, and it is each step of the
 * iteration (one read of the store) that gets the deadline and the mapping.
 */
function guardWithStreams<T extends object>(target: T, run: Run, streams: readonly (keyof T)[]): T {
  const guarded = guardMethods(target, run);
  return new Proxy(guarded, {
    get(object, key, receiver) {
      if (!streams.includes(key as keyof T)) return Reflect.get(object, key, receiver);
      const method = Reflect.get(target, key) as (...a: unknown[]) => AsyncIterable<unknown>;
      return (...args: unknown[]): AsyncIterable<unknown> => ({
        [Symbol.asyncIterator]() {
          const inner = method.apply(target, args)[Symbol.asyncIterator]();
          return {
            next: () => run(() => inner.next()),
            return: async (value?: unknown) => (inner.return ? run(() => inner.return!(value)) : { done: true, value }),
          };
        },
      });
    },
  });
}

/**
 * One wrapper per network store (PostgreSQL server, MongoDB): every store call
 * gets the 5 s deadline, and a connection failure (as the adapter's
 * `isConnectionFailure` recognizes it from the driver's error classes and
 * codes) becomes the core's ServiceUnavailableError, with the driver's error
 * as its cause (for the log only). It also remembers whether the store is down,
 * for `availability`: the core asks it before hashing a password.
 *
 * Recovery: any call that started after the last failure and got an answer
 * (a result, or an error the database itself reported, such as a duplicate
 * key) clears the state, and so does a readiness ping. While the store is
 * known down, each `assertAvailable` also starts one background ping (one at a
 * time), so it recovers even when only sign-ups arrive. A driver that monitors
 * its server can also report down and up directly (`watch`).
 */
export function guardStore<S extends Store>(store: S, failures: ConnectionFailures): S {
  const deadlineMs = failures.deadlineMs ?? STORE_DEADLINE_MS;
  /** performance.now() of the last connection failure, while the store is known down. */
  let downSince: number | undefined;
  let probe: Promise<void> | undefined;

  async function run<R>(call: () => Promise<R>, { provesUp = true, ms = deadlineMs }: { provesUp?: boolean; ms?: number } = {}): Promise<R> {
    const startedAt = performance.now();
    try {
      const result = await withDeadline(call(), ms);
      if (provesUp) answered(startedAt);
      return result;
    } catch (error) {
      const failed = error instanceof NoAnswerInTime || error instanceof ServiceUnavailableError || failures.isConnectionFailure(error);
      if (!failed) {
        if (provesUp) answered(startedAt);
        throw error;
      }
      downSince = performance.now();
      throw error instanceof ServiceUnavailableError ? error : new ServiceUnavailableError(undefined, undefined, { cause: error });
    }
  }

  /** A call older than the last failure proves nothing about now. */
  function answered(startedAt: number): void {
    if (downSince !== undefined && startedAt >= downSince) downSince = undefined;
  }

  const ping = () => run(() => store.ping());

  failures.watch?.({
    down() {
      downSince = performance.now();
    },
    up() {
      downSince = undefined;
    },
  });

  const availability: StoreAvailability = {
    assertAvailable() {
      if (downSince === undefined) return;
      probe ??= ping()
        .catch(() => undefined)
        .finally(() => {
          probe = undefined;
        });
      throw new ServiceUnavailableError();
    },
  };

  return {
    ...store,
    users: guardMethods(store.users, run),
    refreshTokens: guardMethods(store.refreshTokens, run),
    products: guardMethods(store.products, run),
    orders: guardMethods(store.orders, (call, options) => run(call, { ...options, ms: failures.ordersDeadlineMs ?? deadlineMs }), [
      'settleUnfinished',
    ]),
    // The relay's and the workers' calls: the same deadline, and an outage is SERVICE_UNAVAILABLE for them too.
    outbox: guardMethods(store.outbox, run),
    sentMail: guardMethods(store.sentMail, run),
    salesExports: guardWithStreams(store.salesExports, run, ['readCsv']),
    ping,
    availability,
  };
}
