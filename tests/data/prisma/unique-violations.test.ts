/**
 * What the Prisma adapter must translate: the unique indexes' P2002 becomes the core's
 * ConflictError, and P2025 (no such record) becomes "not found", never an exception.
 */
import { expect, it } from 'vitest';
import type { RefreshTokenRecord } from '../../../src/core/auth/refresh-token-repository.js';
import { ConflictError, NotFoundError } from '../../../src/core/shared/errors.js';
import { newId } from '../../../src/core/shared/ids.js';
import type { UserRecord } from '../../../src/core/users/user.js';
import { sqlStoreKinds } from '../../support/sql-stores.js';
import { describeEachStore } from '../../support/stores.js';

const now = new Date('2026-02-01T00:00:00.000Z');
const aUser = (email: string): UserRecord => ({
  id: newId(now),
  email,
  firstName: 'Grace',
  lastName: 'Hopper',
  passwordHash: 'hash',
  role: 'USER',
  createdAt: now,
  updatedAt: now,
  tokenVersion: 0,
});
const aToken = (userId: string, tokenHash: string): RefreshTokenRecord => ({
  id: newId(now),
  tokenHash,
  userId,
  familyId: newId(now),
  createdAt: now,
  expiresAt: new Date(now.getTime() + 60_000),
  revokedAt: null,
  tokenVersion: 0,
});

describeEachStore(
  'prisma adapter error mapping',
  (fixture) => {
    const store = () => fixture().store;

    it('reports a taken email on insert as ConflictError', async () => {
      await store().users.insert(aUser('grace@example.com'));
      await expect(store().users.insert(aUser('grace@example.com'))).rejects.toBeInstanceOf(ConflictError);
    });

    it('lets exactly one of several concurrent inserts of one email win', async () => {
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => store().users.insert(aUser('race@example.com'))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      expect(await store().users.count()).toBe(1);
    });

    it('reports a taken email on update as ConflictError and changes nothing', async () => {
      await store().users.insert(aUser('first@example.com'));
      const second = aUser('second@example.com');
      await store().users.insert(second);
      await expect(store().users.update(second.id, { email: 'first@example.com', updatedAt: now })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      expect(await store().users.findById(second.id)).toEqual(second);
    });

    it('reports a duplicate refresh token hash as ConflictError', async () => {
      const user = aUser('tokens@example.com');
      await store().users.insert(user);
      await store().refreshTokens.insert(aToken(user.id, 'same-hash'));
      await expect(store().refreshTokens.insert(aToken(user.id, 'same-hash'))).rejects.toBeInstanceOf(ConflictError);
    });

    it('reports a refresh token for a user that is gone as NotFoundError, not P2003', async () => {
      await expect(store().refreshTokens.insert(aToken(newId(), 'orphan-hash'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers null, not P2025, when updating a user nobody has', async () => {
      expect(await store().users.update(newId(), { firstName: 'Nobody', updatedAt: now })).toBeNull();
      expect(await store().users.update('not-a-uuid', { firstName: 'Nobody', updatedAt: now })).toBeNull();
    });
  },
  sqlStoreKinds,
);
