/**
 * The migrated database serves every field of every Prisma model: the hand-written migration and
 * schema.prisma agree. Written through the generated client (not the repositories), so a column
 * the migration forgot, misnamed or mistyped fails here even if no port uses it yet.
 */
import { expect, it } from 'vitest';
import { Prisma } from '../../../src/data/prisma/generated/client.js';
import { asSqlFixture, sqlStoreKinds } from '../../support/sql-stores.js';
import { describeEachStore } from '../../support/stores.js';

const scalarFields = (fields: Record<string, string>) => Object.values(fields).sort();

// Millisecond values that a coarser column (or a timestamp without time zone) would not give back.
const created = new Date('2026-03-04T05:06:07.891Z');
const updated = new Date('2026-03-05T06:07:08.912Z');

const fullUser = {
  id: 'user-1',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  passwordHash: 'scrypt$hash',
  role: 'ADMIN',
  createdAt: created,
  updatedAt: updated,
  tokenVersion: 2_147_483_647,
} as const;

const fullToken = {
  id: 'token-1',
  tokenHash: 'hash-of-token',
  userId: fullUser.id,
  familyId: 'family-1',
  expiresAt: new Date('2026-04-04T05:06:07.123Z'),
  revokedAt: new Date('2026-03-10T01:02:03.456Z'),
  createdAt: created,
  tokenVersion: 12_345,
};

describeEachStore(
  'prisma models on the migrated schema',
  (fixture) => {
    const prisma = () => asSqlFixture(fixture()).store.prisma;

    it('writes and reads back every field of User', async () => {
      // Fails when schema.prisma gains a field this test does not write.
      expect(Object.keys(fullUser).sort()).toEqual(scalarFields(Prisma.UserScalarFieldEnum));
      await prisma().user.create({ data: fullUser });
      expect(await prisma().user.findUniqueOrThrow({ where: { id: fullUser.id } })).toEqual(fullUser);
    });

    it('writes and reads back every field of RefreshToken', async () => {
      expect(Object.keys(fullToken).sort()).toEqual(scalarFields(Prisma.RefreshTokenScalarFieldEnum));
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      await prisma().refreshToken.create({ data: { ...fullToken, id: 'token-2', tokenHash: 'other', revokedAt: null } });
      expect(await prisma().refreshToken.findUniqueOrThrow({ where: { id: 'token-1' } })).toEqual(fullToken);
      expect(await prisma().refreshToken.findUniqueOrThrow({ where: { tokenHash: 'other' } })).toMatchObject({ revokedAt: null });
    });

    it('defaults role to USER as the schema says', async () => {
      const { role: _role, ...withoutRole } = fullUser;
      expect(await prisma().user.create({ data: withoutRole })).toMatchObject({ role: 'USER' });
    });

    it('defaults the token versions to 0 as the schema says', async () => {
      const { tokenVersion: _user, ...user } = fullUser;
      const { tokenVersion: _token, ...token } = fullToken;
      expect(await prisma().user.create({ data: user })).toMatchObject({ tokenVersion: 0 });
      expect(await prisma().refreshToken.create({ data: token })).toMatchObject({ tokenVersion: 0 });
    });

    it('serves the relation both ways', async () => {
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      const user = await prisma().user.findUniqueOrThrow({ where: { id: fullUser.id }, include: { refreshTokens: true } });
      expect(user.refreshTokens).toEqual([fullToken]);
      const token = await prisma().refreshToken.findUniqueOrThrow({ where: { id: fullToken.id }, include: { user: true } });
      expect(token.user).toEqual(fullUser);
    });

    it("deletes a user's refresh tokens with the user (onDelete: Cascade)", async () => {
      await prisma().user.create({ data: fullUser });
      await prisma().refreshToken.create({ data: fullToken });
      await prisma().user.delete({ where: { id: fullUser.id } });
      expect(await prisma().refreshToken.count()).toBe(0);
    });
  },
  sqlStoreKinds,
);
