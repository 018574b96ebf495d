/**
 * Brute-force protection for login, per email and per client. Every attempt
 * takes a slot before the password is checked, so concurrent attempts (several
 * aliased logins in one GraphQL document) are counted too; a successful login
 * gives its slots back, so only failures add up.
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
  /** The attempt succeeded: its slots are returned. */
  release(attempt: LoginAttempt): Promise<void>;
}

export const noLoginThrottle: LoginThrottle = {
  acquire: async () => {},
  release: async () => {},
};
