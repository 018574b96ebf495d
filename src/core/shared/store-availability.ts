/**
 * Whether the store is known to be down, asked before work that costs more
 * than the answer is worth while it is (a password hash is ~0.4 s of CPU).
 * `assertAvailable` throws ServiceUnavailableError while the store is known to
 * be down and returns at once otherwise; it never waits for the store. The
 * adapter behind it learns from the store calls themselves and recovers on the
 * first one that succeeds.
 */
export interface StoreAvailability {
  assertAvailable(): void;
}

/** For stores that cannot be cut off (memory, the embedded database) and for tests. */
export const alwaysAvailable: StoreAvailability = { assertAvailable() {} };
