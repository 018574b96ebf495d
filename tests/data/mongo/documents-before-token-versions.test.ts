/**
 * Documents written before token versions existed have no tokenVersion field.
 * They must read as version 0 (what every user had then, and what an access
 * token without `ver` claims), and take a new version like any other.
 */
import { expect, it } from 'vitest';
import { hashRefreshToken } from '../../../src/core/auth/sessions.js';
import { newId } from '../../../src/core/shared/ids.js';
import { asMongoFixture, mongoStore } from '../../support/mongo-stores.js';
import { describeEachStore } from '../../support/stores.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');

describeEachStore(
  'MongoDB documents from before token versions',
  (fixture) => {
    const db = () => asMongoFixture(fixture()).db;

    async function anOldUser() {
      const id = newId(T0);
      await db()
        .collection('users')
        .insertOne({ _id: id as never, email: `old-${id}@example.com`, firstName: 'Old', lastName: 'User', passwordHash: 'h', role: 'USER', createdAt: T0, updatedAt: T0 });
      return id;
    }

    it('reads a user without tokenVersion as version 0, by id and by email', async () => {
      const id = await anOldUser();
      const user = await fixture().store.users.findById(id);
      expect(user).toMatchObject({ id, tokenVersion: 0 });
      expect(await fixture().store.users.findByEmail(user!.email)).toMatchObject({ tokenVersion: 0 });
      expect(await fixture().store.users.page({ limit: 10 })).toMatchObject([{ id, tokenVersion: 0 }]);
    });

    it('gives such a user a new token version, and keeps it', async () => {
      const id = await anOldUser();
      expect(await fixture().store.users.update(id, { tokenVersion: 5, updatedAt: T0 })).toMatchObject({ tokenVersion: 5 });
      expect(await fixture().store.users.findById(id)).toMatchObject({ tokenVersion: 5 });
      expect(await db().collection('users').findOne({ _id: id as never })).toMatchObject({ tokenVersion: 5 });
    });

    it('keeps reading it as version 0 after an update that does not change the version', async () => {
      const id = await anOldUser();
      expect(await fixture().store.users.update(id, { firstName: 'Renamed', updatedAt: T0 })).toMatchObject({ tokenVersion: 0 });
    });

    it('reads a refresh token without tokenVersion as version 0', async () => {
      const userId = await anOldUser();
      const tokenHash = hashRefreshToken('an old refresh token');
      await db()
        .collection('refreshTokens')
        .insertOne({ _id: newId() as never, tokenHash, userId, familyId: newId(), createdAt: T0, expiresAt: new Date(T0.getTime() + 60_000) });
      expect(await fixture().store.refreshTokens.findByHash(tokenHash)).toMatchObject({ userId, tokenVersion: 0, revokedAt: null });
    });
  },
  [mongoStore],
);
