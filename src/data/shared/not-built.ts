/**
 * TEMPORARY while issue 10 is built in steps: a port a store does not implement
 * yet. Every call rejects with an Error naming it (an internal error to clients).
 * Removed once every store implements the catalog and orders ports.
 */
export function notBuilt<T extends object>(port: string): T {
  return new Proxy({} as T, {
    get: (_target, method) => async () => {
      throw new Error(`${port}.${String(method)} is not built yet for this store`);
    },
  });
}
