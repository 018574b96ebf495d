import { describe, expect, it } from 'vitest';
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
