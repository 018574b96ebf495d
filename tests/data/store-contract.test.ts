/**
 * The repository contract: written once, run against every store
 * (memory, embedded PGlite, a PostgreSQL server, MongoDB). If a store passes
 * this, the core cannot tell it from the others.
 */
import { describe, expect, it } from 'vitest';
import type { RefreshTokenRecord } from '../../src/core/auth/refresh-token-repository.js';
import { ConflictError } from '../../src/core/shared/errors.js';
import { newId } from '../../src/core/shared/ids.js';
import type { UserRecord } from '../../src/core/users/user.js';
import { describeEachStore } from '../support/stores.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let seq = 0;
function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  seq += 1;
  const createdAt = overrides.createdAt ?? at(seq * 1000);
  return {
    id: newId(createdAt),
    email: `user${seq}@example.com`,
    firstName: 'Ada',
    lastName: 'Lovelace',
    passwordHash: `hash-${seq}`,
    role: 'USER',
    createdAt,
    updatedAt: createdAt,
    tokenVersion: 0,
    ...overrides,
  };
}

function aToken(userId: string, overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord {
  seq += 1;
  return {
    id: newId(),
    tokenHash: `token-hash-${seq}`,
    userId,
    familyId: newId(),
    createdAt: T0,
    expiresAt: at(86_400_000),
    revokedAt: null,
    tokenVersion: 0,
    ...overrides,
  };
}

describeEachStore('user repository', (fixture) => {
  const users = () => fixture().store.users;

  it('returns an inserted user by id with every field intact', async () => {
    const user = aUser({ role: 'ADMIN' });
    await users().insert(user);
    expect(await users().findById(user.id)).toEqual(user);
  });

  it('finds a user by email', async () => {
    const user = aUser();
    await users().insert(user);
    expect(await users().findByEmail(user.email)).toEqual(user);
    expect(await users().findByEmail('nobody@example.com')).toBeNull();
  });

  it('finds nothing for an unknown or malformed id', async () => {
    await users().insert(aUser());
    expect(await users().findById(newId())).toBeNull();
    for (const id of ['nope', '', '0', "' OR 1=1 --", '507f1f77bcf86cd799439011']) {
      expect(await users().findById(id)).toBeNull();
    }
  });

  it("reads a caller as exactly its id, role and token version, never the password hash", async () => {
    const user = aUser({ role: 'ADMIN', tokenVersion: 7 });
    await users().insert(user);
    expect(await users().findCaller(user.id)).toStrictEqual({ id: user.id, role: 'ADMIN', tokenVersion: 7 });
  });

  it('reads a role change and a new token version at once in the caller check', async () => {
    const user = aUser();
    await users().insert(user);
    await users().update(user.id, { role: 'ADMIN', tokenVersion: 3, updatedAt: at(5) });
    expect(await users().findCaller(user.id)).toStrictEqual({ id: user.id, role: 'ADMIN', tokenVersion: 3 });
  });

  it('finds no caller for an unknown, malformed or deleted id', async () => {
    const user = aUser();
    await users().insert(user);
    await users().delete(user.id);
    for (const id of [user.id, newId(), 'nope', '', "' OR 1=1 --", '507f1f77bcf86cd799439011']) {
      expect(await users().findCaller(id)).toBeNull();
    }
  });

  it('refuses a second user with the same email as CONFLICT', async () => {
    const first = aUser();
    await users().insert(first);
    await expect(users().insert(aUser({ email: first.email }))).rejects.toBeInstanceOf(ConflictError);
    expect(await users().count()).toBe(1);
  });

  it('lets exactly one of 20 concurrent inserts with one email win', async () => {
    const email = 'race@example.com';
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => users().insert(aUser({ email }))));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(19);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await users().count()).toBe(1);
  });

  it('updates only the fields given and returns the result', async () => {
    const user = aUser();
    await users().insert(user);
    const updatedAt = at(999_999);
    const updated = await users().update(user.id, { firstName: 'Grace', updatedAt });
    expect(updated).toEqual({ ...user, firstName: 'Grace', updatedAt });
    expect(await users().findById(user.id)).toEqual(updated);
  });

  it('updates every changeable field at once', async () => {
    const user = aUser();
    await users().insert(user);
    const changes = {
      email: 'new@example.com',
      firstName: 'Grace',
      lastName: 'Hopper',
      passwordHash: 'other-hash',
      role: 'ADMIN' as const,
      updatedAt: at(5),
    };
    expect(await users().update(user.id, changes)).toEqual({ ...user, ...changes });
  });

  it('keeps the token version it is given and changes it in the same write as other changes', async () => {
    const user = aUser({ tokenVersion: 4 });
    await users().insert(user);
    expect(await users().findById(user.id)).toEqual(user);
    const changes = { passwordHash: 'new-hash', tokenVersion: 2_147_483_647, updatedAt: at(7) };
    const changed = await users().update(user.id, changes);
    expect(changed).toEqual({ ...user, ...changes });
    expect(await users().findById(user.id)).toEqual(changed);
  });

  it('leaves the token version alone when an update does not change it', async () => {
    const user = aUser({ tokenVersion: 2 });
    await users().insert(user);
    expect(await users().update(user.id, { firstName: 'Grace', role: 'ADMIN', updatedAt: at(1) })).toMatchObject({ tokenVersion: 2 });
    expect(await users().findById(user.id)).toMatchObject({ tokenVersion: 2 });
  });

  it('changes the token version alone (logout everywhere) without touching the profile', async () => {
    const user = aUser();
    await users().insert(user);
    expect(await users().update(user.id, { updatedAt: at(3), tokenVersion: 9 })).toEqual({ ...user, updatedAt: at(3), tokenVersion: 9 });
  });

  it('keeps one of the token versions written by concurrent updates, never the one before them', async () => {
    // What the core relies on when password changes and logouts everywhere race: whichever write
    // lands last, the version that every earlier token carries is gone.
    const user = aUser({ tokenVersion: 1 });
    await users().insert(user);
    const versions = Array.from({ length: 10 }, (_, i) => 100 + i);
    const written = await Promise.all(versions.map((tokenVersion, i) => users().update(user.id, { updatedAt: at(i), tokenVersion })));
    for (const [i, record] of written.entries()) expect(record!.tokenVersion).toBe(versions[i]);
    expect(versions).toContain((await users().findById(user.id))!.tokenVersion);
  });

  it('answers null when updating an unknown or malformed id', async () => {
    expect(await users().update(newId(), { firstName: 'X', updatedAt: T0 })).toBeNull();
    expect(await users().update('not-an-id', { firstName: 'X', updatedAt: T0 })).toBeNull();
    expect(await users().count()).toBe(0);
  });

  it('refuses an update to a taken email as CONFLICT and changes nothing', async () => {
    const a = aUser();
    const b = aUser();
    await users().insert(a);
    await users().insert(b);
    await expect(users().update(b.id, { email: a.email, firstName: 'Changed', updatedAt: at(1) })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await users().findById(b.id)).toEqual(b);
  });

  // A store that writes back the whole document it read (FerretDB 1.x does)
  // loses one of the two in most rounds; 20 rounds make that fail reliably.
  it('keeps both of two racing updates of different fields, round after round', async () => {
    const lost: string[] = [];
    for (let round = 0; round < 20; round++) {
      const user = aUser();
      await users().insert(user);
      const [firstName, lastName] = [`First${round}`, `Last${round}`];
      await Promise.all([
        users().update(user.id, { firstName, updatedAt: at(1) }),
        users().update(user.id, { lastName, updatedAt: at(2) }),
      ]);
      const stored = await users().findById(user.id);
      if (stored?.firstName !== firstName) lost.push(`round ${round}: firstName`);
      if (stored?.lastName !== lastName) lost.push(`round ${round}: lastName`);
    }
    expect(lost).toEqual([]);
  });

  it('allows an update that keeps the same email', async () => {
    const user = aUser();
    await users().insert(user);
    expect(await users().update(user.id, { email: user.email, updatedAt: at(1) })).toMatchObject({ email: user.email });
  });

  it('deletes a user once', async () => {
    const user = aUser();
    await users().insert(user);
    expect(await users().delete(user.id)).toBe(true);
    expect(await users().findById(user.id)).toBeNull();
    expect(await users().delete(user.id)).toBe(false);
    expect(await users().delete('malformed')).toBe(false);
  });

  it('frees the email of a deleted user', async () => {
    const user = aUser();
    await users().insert(user);
    await users().delete(user.id);
    await users().insert(aUser({ email: user.email }));
    expect(await users().count()).toBe(1);
  });

  it('counts users', async () => {
    expect(await users().count()).toBe(0);
    await users().insert(aUser());
    await users().insert(aUser());
    expect(await users().count()).toBe(2);
  });

  it('pages an empty store as an empty list', async () => {
    expect(await users().page({ limit: 10 })).toEqual([]);
  });

  it('returns exactly one page when the limit equals the number of users', async () => {
    const all = [aUser(), aUser(), aUser()];
    for (const u of all) await users().insert(u);
    expect(await users().page({ limit: 3 })).toEqual(all);
    const last = all[2]!;
    expect(await users().page({ limit: 3, after: { createdAt: last.createdAt, id: last.id } })).toEqual([]);
  });

  it('orders oldest first whatever the insertion order', async () => {
    const [a, b, c] = [aUser({ createdAt: at(1) }), aUser({ createdAt: at(2) }), aUser({ createdAt: at(3) })];
    for (const u of [c!, a!, b!]) await users().insert(u);
    expect((await users().page({ limit: 10 })).map((u) => u.id)).toEqual([a!.id, b!.id, c!.id]);
  });

  it('breaks createdAt ties by id and pages through them without gaps or repeats', async () => {
    const sameTime = at(42);
    const tied = Array.from({ length: 7 }, () => aUser({ createdAt: sameTime, id: newId(new Date(Math.floor(Math.random() * 1e12))) }));
    for (const u of tied) await users().insert(u);
    const expected = tied.map((u) => u.id).sort();
    const seen: string[] = [];
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const page = await users().page({ limit: 3, after });
      if (page.length === 0) break;
      seen.push(...page.map((u) => u.id));
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual(expected);
  });

  it('continues after the position of a deleted user', async () => {
    const all = [aUser(), aUser(), aUser(), aUser()];
    for (const u of all) await users().insert(u);
    const gone = all[1]!;
    await users().delete(gone.id);
    const page = await users().page({ limit: 10, after: { createdAt: gone.createdAt, id: gone.id } });
    expect(page.map((u) => u.id)).toEqual([all[2]!.id, all[3]!.id]);
  });
});

describeEachStore('refresh token repository', (fixture) => {
  const tokens = () => fixture().store.refreshTokens;
  const owner = async () => {
    const user = aUser();
    await fixture().store.users.insert(user);
    return user;
  };

  it('finds a stored token by its hash with every field intact', async () => {
    const token = aToken((await owner()).id);
    await tokens().insert(token);
    expect(await tokens().findByHash(token.tokenHash)).toEqual(token);
    expect(await tokens().findByHash('unknown')).toBeNull();
  });

  it('keeps the token version a token was issued under', async () => {
    const token = aToken((await owner()).id, { tokenVersion: 3 });
    await tokens().insert(token);
    expect(await tokens().findByHash(token.tokenHash)).toMatchObject({ tokenVersion: 3 });
  });

  it('revokes a token once', async () => {
    const token = aToken((await owner()).id);
    await tokens().insert(token);
    expect(await tokens().revoke(token.id, at(5))).toBe(true);
    expect(await tokens().revoke(token.id, at(6))).toBe(false);
    expect((await tokens().findByHash(token.tokenHash))?.revokedAt).toEqual(at(5));
    expect(await tokens().revoke(newId(), at(7))).toBe(false);
  });

  it('lets exactly one of 10 concurrent revocations of one token win', async () => {
    const token = aToken((await owner()).id);
    await tokens().insert(token);
    const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => tokens().revoke(token.id, at(i))));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('revokes a whole family and nothing else', async () => {
    const user = await owner();
    const familyId = newId();
    const family = [aToken(user.id, { familyId }), aToken(user.id, { familyId, revokedAt: at(1) })];
    const other = aToken(user.id);
    for (const t of [...family, other]) await tokens().insert(t);
    await tokens().revokeFamily(familyId, at(9));
    expect((await tokens().findByHash(family[0]!.tokenHash))?.revokedAt).toEqual(at(9));
    expect((await tokens().findByHash(family[1]!.tokenHash))?.revokedAt).toEqual(at(1));
    expect((await tokens().findByHash(other.tokenHash))?.revokedAt).toBeNull();
  });

  it("deletes a user's tokens and only theirs", async () => {
    const [a, b] = [await owner(), await owner()];
    const [ta, tb] = [aToken(a.id), aToken(b.id)];
    await tokens().insert(ta);
    await tokens().insert(tb);
    await tokens().deleteByUser(a.id);
    expect(await tokens().findByHash(ta.tokenHash)).toBeNull();
    expect(await tokens().findByHash(tb.tokenHash)).toEqual(tb);
  });

  describe('purge', () => {
    const DAY = 86_400_000;
    const cutoffs = { expiredBefore: at(10 * DAY), revokedBefore: at(10 * DAY) };
    const stored = async (token: RefreshTokenRecord) => (await tokens().findByHash(token.tokenHash)) !== null;

    it('deletes unrevoked tokens that expired before expiredBefore and keeps those expiring at or after it', async () => {
      const user = await owner();
      const expired = aToken(user.id, { expiresAt: at(10 * DAY - 1) });
      const expiringAtCutoff = aToken(user.id, { expiresAt: at(10 * DAY) });
      for (const t of [expired, expiringAtCutoff]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(1);
      expect(await stored(expired)).toBe(false);
      expect(await stored(expiringAtCutoff)).toBe(true);
    });

    it('deletes unexpired tokens revoked before revokedBefore and keeps those revoked at or after it', async () => {
      const user = await owner();
      const expiresAt = at(30 * DAY);
      const revokedEarly = aToken(user.id, { expiresAt, revokedAt: at(10 * DAY - 1) });
      const revokedAtCutoff = aToken(user.id, { expiresAt, revokedAt: at(10 * DAY) });
      for (const t of [revokedEarly, revokedAtCutoff]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(1);
      expect(await stored(revokedEarly)).toBe(false);
      expect(await stored(revokedAtCutoff)).toBe(true);
    });

    it('keeps every token of a family that still has a live token, however long ago the others expired or were revoked', async () => {
      // Reuse detection: the rotated tokens must still be recognised while the family has a live successor.
      const user = await owner();
      const familyId = newId();
      const rotated = aToken(user.id, { familyId, expiresAt: at(DAY), revokedAt: at(1) });
      const revokedLongAgo = aToken(user.id, { familyId, expiresAt: at(30 * DAY), revokedAt: at(2) });
      const live = aToken(user.id, { familyId, expiresAt: at(40 * DAY) });
      for (const t of [rotated, revokedLongAgo, live]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(0);
      for (const t of [rotated, revokedLongAgo, live]) expect(await tokens().findByHash(t.tokenHash)).toEqual(t);
    });

    it('deletes a whole family once none of its tokens is live', async () => {
      const user = await owner();
      const familyId = newId();
      const family = [
        aToken(user.id, { familyId, expiresAt: at(DAY), revokedAt: at(1) }),
        aToken(user.id, { familyId, expiresAt: at(30 * DAY), revokedAt: at(2) }),
        aToken(user.id, { familyId, expiresAt: at(5 * DAY) }),
      ];
      const otherFamily = aToken(user.id, { expiresAt: at(40 * DAY) });
      for (const t of [...family, otherFamily]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(3);
      for (const t of family) expect(await stored(t)).toBe(false);
      expect(await tokens().findByHash(otherFamily.tokenHash)).toEqual(otherFamily);
    });

    it('does not count a revoked token as live: a family of revoked and expired tokens goes', async () => {
      // A revoked token that has not expired is not live: alone, it does not keep its family.
      const user = await owner();
      const familyId = newId();
      const revokedUnexpired = aToken(user.id, { familyId, expiresAt: at(40 * DAY), revokedAt: at(10 * DAY - 5) });
      const expired = aToken(user.id, { familyId, expiresAt: at(DAY) });
      for (const t of [revokedUnexpired, expired]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(2);
      expect(await stored(revokedUnexpired)).toBe(false);
      expect(await stored(expired)).toBe(false);
    });

    it('purges more tokens than fit in one page of candidates', async () => {
      const user = await owner();
      const many = Array.from({ length: 1_201 }, () => aToken(user.id, { expiresAt: at(DAY) }));
      const keep = aToken(user.id, { expiresAt: at(40 * DAY) });
      for (const t of [...many, keep]) await tokens().insert(t);
      expect(await tokens().purge(cutoffs)).toBe(1_201);
      expect(await stored(many[600]!)).toBe(false);
      expect(await stored(keep)).toBe(true);
    });

    it('answers 0 and changes nothing when nothing is due', async () => {
      const user = await owner();
      const live = aToken(user.id, { expiresAt: at(40 * DAY) });
      await tokens().insert(live);
      expect(await tokens().purge(cutoffs)).toBe(0);
      expect(await tokens().findByHash(live.tokenHash)).toEqual(live);
    });
  });
});

describeEachStore('store lifecycle', (fixture) => {
  it('answers a ping while open', async () => {
    await expect(fixture().store.ping()).resolves.toBeUndefined();
  });
});
