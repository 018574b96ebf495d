/** Injected so that tests can control time (token expiry, createdAt ties). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
