/**
 * Brute-force protection for login: failures in a row for one email from one
 * client, and daily failures per email and per client. Every attempt takes a
 * slot in each count before the password is checked, so concurrent attempts
 * (several aliased logins in one GraphQL document) are counted too; a
 * successful login gives its slots back and ends the run of failures, so only
 * failures add up.
 */
export interface LoginAttempt {
  /** Normalized (trimmed, lower-cased). */
  email: string;
  /** The client's address as the transport sees it, when it has one (not the CLI). */
  clientIp?: string;
}

export interface LoginThrottle {
  /** Takes a slot, or throws TooManyRequestsError with the seconds to wait. */
  acquire(attempt: LoginAttempt): Promise<void>;
  /** The attempt succeeded: its slots are returned and this client's failures in a row for this email are forgotten. */
  release(attempt: LoginAttempt): Promise<void>;
  /** The attempt ended without a verdict on the password (hashing busy, store down): its slots are returned, nothing is forgotten. */
  giveBack(attempt: LoginAttempt): Promise<void>;
}

export const noLoginThrottle: LoginThrottle = {
  acquire: async () => {},
  release: async () => {},
  giveBack: async () => {},
};
