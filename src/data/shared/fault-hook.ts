/**
 * A seam for crash tests, not for production: an adapter calls the hook at
 * named points of a multi-step write (say `placement:after-reserve`), and a
 * test that armed it may kill the process there. The composition root passes
 * `noFaults` unless a test hands in its own; nothing here reads the environment.
 */
export type FaultHook = (point: string) => void | Promise<void>;

export const noFaults: FaultHook = () => {};
