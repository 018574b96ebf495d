import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../src/core/shared/errors.js';
import { OWASP_SCRYPT, ScryptPasswordHasher } from '../../../src/data/security/scrypt-password-hasher.js';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery staple';

describe('scrypt password hasher', () => {
  it('writes scrypt$N$r$p$salt$key with a 16-byte salt and a 64-byte key', async () => {
    const hash = await new ScryptPasswordHasher(FAST).hash(PASSWORD);
    const [scheme, N, r, p, salt, key, ...rest] = hash.split('$');
    expect([scheme, N, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(64);
    expect(rest).toEqual([]);
    expect(hash).not.toContain(PASSWORD);
  });

  it('defaults to the OWASP cost N=2^15, r=8, p=3', () => {
    expect(OWASP_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 3 });
  });

  it('verifies the right password', async () => {
    const hasher = new ScryptPasswordHasher(FAST);
    expect(await hasher.verify(PASSWORD, await hasher.hash(PASSWORD))).toBe(true);
  });

  it('rejects a wrong password, including one differing only in case or spacing', async () => {
    const hasher = new ScryptPasswordHasher(FAST);
    const hash = await hasher.hash(PASSWORD);
    for (const wrong of ['wrong password', PASSWORD.toUpperCase(), `${PASSWORD} `, '']) {
      expect(await hasher.verify(wrong, hash)).toBe(false);
    }
  });

  it('salts each hash: the same password hashes differently and both verify', async () => {
    const hasher = new ScryptPasswordHasher(FAST);
    const [a, b] = [await hasher.hash(PASSWORD), await hasher.hash(PASSWORD)];
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await hasher.verify(PASSWORD, a)).toBe(true);
    expect(await hasher.verify(PASSWORD, b)).toBe(true);
  });

  it('verifies with the cost stored in the hash, so the cost can be raised later', async () => {
    const old = await new ScryptPasswordHasher({ N: 2 ** 9, r: 4, p: 1 }).hash(PASSWORD);
    expect(await new ScryptPasswordHasher(FAST).verify(PASSWORD, old)).toBe(true);
  });

  it('treats canonically equal Unicode spellings as the same password', async () => {
    const hasher = new ScryptPasswordHasher(FAST);
    const composed = 'caf\u00e9 au lait';
    const decomposed = 'cafe\u0301 au lait';
    expect(await hasher.verify(decomposed, await hasher.hash(composed))).toBe(true);
  });

  it('rejects a hash whose key was altered', async () => {
    const hasher = new ScryptPasswordHasher(FAST);
    const parts = (await hasher.hash(PASSWORD)).split('$');
    const key = Buffer.from(parts[5]!, 'base64url');
    key[0] = key[0]! ^ 0xff;
    parts[5] = key.toString('base64url');
    expect(await hasher.verify(PASSWORD, parts.join('$'))).toBe(false);
  });

  it.each([
    ['empty', () => ''],
    ['another scheme', (h: string) => h.replace(/^scrypt/, 'bcrypt')],
    ['missing its key', (h: string) => h.split('$').slice(0, 5).join('$')],
    ['missing its salt and key', (h: string) => h.split('$').slice(0, 4).join('$')],
    ['with a truncated key', (h: string) => h.slice(0, -10)],
    ['with a non-numeric N', (h: string) => h.replace('$1024$', '$abc$')],
    ['with an N that is not a power of two', (h: string) => h.replace('$1024$', '$1000$')],
    ['with empty cost fields', (h: string) => h.split('$').map((part, i) => (i >= 1 && i <= 3 ? '' : part)).join('$')],
    ['with r = 0', (h: string) => h.replace('$1024$8$', '$1024$0$')],
    ['with a negative p', (h: string) => h.replace('$8$1$', '$8$-1$')],
    ['plain text', () => PASSWORD],
  ])('answers false, without throwing, for a stored hash %s', async (_, corrupt) => {
    const hasher = new ScryptPasswordHasher(FAST);
    const stored = corrupt(await hasher.hash(PASSWORD));
    await expect(hasher.verify(PASSWORD, stored)).resolves.toBe(false);
  });
});

describe('scrypt password hasher under load', () => {
  /** Slow enough (a few ms) that a burst started in one turn of the event loop is still running when checked. */
  const SOME = { N: 2 ** 12, r: 8, p: 1 };

  const refusalOf = (settling: Promise<unknown>) => settling.then(() => 'accepted', (error: unknown) => error);

  function expectRefusal(error: unknown): void {
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect((error as TooManyRequestsError).retryAfterSeconds).toBe(1);
  }

  it('runs one hash per core and lets 32 wait by default; the next is refused at once', async () => {
    const hasher = new ScryptPasswordHasher(SOME);
    const cores = availableParallelism();
    let settled = 0;
    const accepted = Array.from({ length: cores + 32 }, () => hasher.hash(PASSWORD).finally(() => settled++));
    expect([hasher.inFlight, hasher.waiting]).toEqual([cores, 32]);
    expectRefusal(await refusalOf(hasher.hash(PASSWORD)));
    expect(settled, 'refused before any accepted hash finished').toBe(0);
    expect(await Promise.all(accepted)).toHaveLength(cores + 32);
    expect([hasher.inFlight, hasher.waiting]).toEqual([0, 0]);
  });

  it('never runs more than maxConcurrent hashes, observed at every start and finish', async () => {
    const hasher = new ScryptPasswordHasher(SOME, { maxConcurrent: 2, maxWaiting: 10 });
    const observed: number[] = [];
    const burst = Array.from({ length: 10 }, () => {
      observed.push(hasher.inFlight);
      return hasher.hash(PASSWORD).finally(() => observed.push(hasher.inFlight));
    });
    observed.push(hasher.inFlight);
    await Promise.all(burst);
    expect(Math.max(...observed)).toBe(2);
    expect(hasher.inFlight).toBe(0);
  });

  it('refuses the 33rd waiting hash with TooManyRequestsError(1) and completes the queued ones in order', async () => {
    const hasher = new ScryptPasswordHasher(SOME, { maxConcurrent: 1, maxWaiting: 32 });
    const finished: number[] = [];
    const accepted = Array.from({ length: 33 }, (_, i) => hasher.hash(`${PASSWORD} ${i}`).then((hash) => (finished.push(i), hash)));
    expect([hasher.inFlight, hasher.waiting]).toEqual([1, 32]);
    expectRefusal(await refusalOf(hasher.hash(PASSWORD)));
    expect(finished).toEqual([]);
    const hashes = await Promise.all(accepted);
    expect(finished).toEqual(Array.from({ length: 33 }, (_, i) => i));
    expect(await hasher.verify(`${PASSWORD} 32`, hashes[32]!)).toBe(true);
  });

  it('counts verify (login) against the same cap as hash (sign-up, password change)', async () => {
    const hasher = new ScryptPasswordHasher(SOME, { maxConcurrent: 1, maxWaiting: 0 });
    const stored = await hasher.hash(PASSWORD);
    const hashing = hasher.hash(PASSWORD);
    expectRefusal(await refusalOf(hasher.verify(PASSWORD, stored)));
    await hashing;
    const verifying = hasher.verify(PASSWORD, stored);
    expectRefusal(await refusalOf(hasher.hash(PASSWORD)));
    expect(await verifying).toBe(true);
  });

  it('frees the slot when scrypt itself fails, in hash and in verify', async () => {
    // N must be a power of two: scrypt refuses this cost.
    const broken = new ScryptPasswordHasher({ N: 1000, r: 8, p: 1 }, { maxConcurrent: 1, maxWaiting: 0 });
    for (let attempt = 0; attempt < 3; attempt++) {
      const error = await refusalOf(broken.hash(PASSWORD));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TooManyRequestsError);
      expect(broken.inFlight).toBe(0);
    }
    const hasher = new ScryptPasswordHasher(SOME, { maxConcurrent: 1, maxWaiting: 0 });
    const corrupt = (await hasher.hash(PASSWORD)).replace('$4096$', '$1000$');
    for (let attempt = 0; attempt < 3; attempt++) expect(await hasher.verify(PASSWORD, corrupt)).toBe(false);
    expect(hasher.inFlight).toBe(0);
    expect(await hasher.verify(PASSWORD, await hasher.hash(PASSWORD))).toBe(true);
  });
});
