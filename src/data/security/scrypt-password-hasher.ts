import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { PasswordHasher } from '../../core/users/password-hasher.js';
import { ConcurrencyLimit } from './concurrency-limit.js';

/**
 * scrypt from node:crypto. The default cost is one of OWASP's equivalent
 * settings (N=2^15, r=8, p=3: 32 MiB per hash, same work as N=2^17, p=1 with a
 * quarter of the memory). The parameters are stored in each hash, so they can
 * be raised later without breaking existing passwords.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const OWASP_SCRYPT: ScryptCost = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 64;

/**
 * How many hashes (hash and verify alike) may run at once, and how many may
 * wait. scrypt runs on libuv's thread pool (four threads by default), which
 * also serves the HMAC of every access-token check and file and DNS work: an
 * unbounded burst of sign-ups or logins would queue ahead of all of it. One
 * hash per core keeps the cores busy; below four cores it also leaves pool
 * threads free (from four up, UV_THREADPOOL_SIZE must exceed the core count
 * for that). Past the wait queue the caller is told to come back
 * (TOO_MANY_REQUESTS, Retry-After: 1) instead of waiting behind an ever
 * longer backlog, which also bounds the hashing a drain has to finish.
 */
export interface HashingLimits {
  maxConcurrent: number;
  maxWaiting: number;
}

export const defaultHashingLimits = (): HashingLimits => ({ maxConcurrent: availableParallelism(), maxWaiting: 32 });

function derive(password: string, salt: Buffer, { N, r, p }: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export class ScryptPasswordHasher implements PasswordHasher {
  private readonly limit: ConcurrencyLimit;

  constructor(
    private readonly cost: ScryptCost = OWASP_SCRYPT,
    limits: Partial<HashingLimits> = {},
  ) {
    const { maxConcurrent, maxWaiting } = { ...defaultHashingLimits(), ...limits };
    this.limit = new ConcurrencyLimit({
      maxRunning: maxConcurrent,
      maxWaiting,
      retryAfterSeconds: 1,
      refusal: 'Too many password checks in progress; retry shortly',
    });
  }

  /** Hashes running now (read-only; for tests and diagnostics). */
  get inFlight(): number {
    return this.limit.running;
  }

  /** Hashes waiting for a slot. */
  get waiting(): number {
    return this.limit.waiting;
  }

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.limit.run(() => derive(password, salt, this.cost));
    const { N, r, p } = this.cost;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, N, r, p, salt, key] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !key) return false;
    const expected = Buffer.from(key, 'base64url');
    // A corrupt stored hash (cost scrypt refuses) is a failed match, not an error for the caller;
    // a refusal by the limit is not caught here: it reaches the caller as TOO_MANY_REQUESTS.
    const cost = { N: Number(N), r: Number(r), p: Number(p) };
    const actual = await this.limit.run(() => derive(password, Buffer.from(salt, 'base64url'), cost).catch(() => null));
    return actual !== null && actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
