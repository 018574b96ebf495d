import type { RefreshTokenRecord, RefreshTokenRepository } from '../../core/auth/refresh-token-repository.js';
import type { PrismaClient } from './generated/client.js';
import { conflictOnDuplicate, notFoundOnMissingParent } from './prisma-errors.js';
import { toRefreshTokenRecord } from './records.js';

export class PrismaRefreshTokenRepository implements RefreshTokenRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async insert(token: RefreshTokenRecord): Promise<void> {
    const { id, tokenHash, userId, familyId, createdAt, expiresAt, revokedAt, tokenVersion } = token;
    await notFoundOnMissingParent(
      () =>
        conflictOnDuplicate(
          () => this.prisma.refreshToken.create({ data: { id, tokenHash, userId, familyId, createdAt, expiresAt, revokedAt, tokenVersion } }),
          'Refresh token already exists',
        ),
      'No user has this id',
    );
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const row = await this.prisma.refreshToken.findUnique({ where: { tokenHash } });
    return row && toRefreshTokenRecord(row);
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    // One conditional UPDATE: PostgreSQL re-checks "revoked_at IS NULL" on the locked row, so of
    // concurrent callers exactly one sees count 1. A read-then-write would let two of them win.
    const { count } = await this.prisma.refreshToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return count === 1;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    await this.prisma.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: at } });
  }

  async deleteByUser(userId: string): Promise<void> {
    await this.prisma.refreshToken.deleteMany({ where: { userId } });
  }

  async purge({ expiredBefore, revokedBefore }: { expiredBefore: Date; revokedBefore: Date }): Promise<number> {
    // One statement, so a family is judged and purged in one snapshot. The family check uses
    // refresh_tokens_family_id_idx; the candidates are found by a scan (no index on expires_at or
    // revoked_at): this runs now and then, while an index would cost every login and refresh.
    return this.prisma.$executeRaw`
      DELETE FROM refresh_tokens AS t
      WHERE (t.expires_at < ${expiredBefore}::timestamptz OR t.revoked_at < ${revokedBefore}::timestamptz)
        AND NOT EXISTS (
          SELECT 1 FROM refresh_tokens AS live
          WHERE live.family_id = t.family_id AND live.revoked_at IS NULL AND live.expires_at >= ${expiredBefore}::timestamptz
        )`;
  }
}
