import type { Collection } from 'mongodb';
import type { RefreshTokenRecord, RefreshTokenRepository } from '../../core/auth/refresh-token-repository.js';
import {
  type RefreshTokenDocument,
  type RevocationDocument,
  toRefreshTokenDocument,
  toRefreshTokenRecord,
  toRevocationDocument,
} from './documents.js';
import { conflictOnDuplicateKey, isDuplicateKey, onlyDuplicateKeys } from './duplicate-key.js';

/** Purge candidates read and judged at a time: bounds the $in lists and the memory a large purge takes. */
const PURGE_PAGE = 500;

/**
 * Revocation is an insert into its own collection, keyed by the token id,
 * rather than `updateOne({_id, revokedAt: null})`: MongoDB makes that update
 * atomic, but FerretDB 1.x runs it as read-then-write, so several concurrent
 * revocations of one token all "won" there. A unique `_id` admits exactly one
 * insert on every server, without transactions.
 */
export class MongoRefreshTokenRepository implements RefreshTokenRepository {
  constructor(
    private readonly tokens: Collection<RefreshTokenDocument>,
    private readonly revocations: Collection<RevocationDocument>,
  ) {}

  async insert(token: RefreshTokenRecord): Promise<void> {
    const doc = toRefreshTokenDocument(token);
    await conflictOnDuplicateKey(() => this.tokens.insertOne(doc), 'Refresh token already stored');
    if (token.revokedAt) await this.revocations.insertOne(toRevocationDocument(doc, token.revokedAt));
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    const doc = await this.tokens.findOne({ tokenHash });
    if (!doc) return null;
    return toRefreshTokenRecord(doc, await this.revocations.findOne({ _id: doc._id }));
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const doc = await this.tokens.findOne({ _id: id });
    if (!doc) return false;
    try {
      await this.revocations.insertOne(toRevocationDocument(doc, at));
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false; // revoked already, by another call or by its family
      throw error;
    }
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    const family = await this.tokens.find({ familyId }).toArray();
    if (family.length === 0) return;
    try {
      // Unordered: a member revoked already keeps its first revocation; the rest still go in.
      await this.revocations.insertMany(
        family.map((doc) => toRevocationDocument(doc, at)),
        { ordered: false },
      );
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  async deleteByUser(userId: string): Promise<void> {
    // Tokens first: the other order would briefly show revoked tokens as live.
    await this.tokens.deleteMany({ userId });
    await this.revocations.deleteMany({ userId });
  }

  /**
   * Without transactions or $lookup: the candidates are read a page at a time
   * (the expired tokens, then the old revocations, which may outlive their
   * token after a crash), each page's families are checked for a live token,
   * and the rest is deleted, tokens before their revocations (as deleteByUser).
   */
  async purge({ expiredBefore, revokedBefore }: { expiredBefore: Date; revokedBefore: Date }): Promise<number> {
    let purged = 0;
    const sources = [
      (after: string) => this.tokens.find({ expiresAt: { $lt: expiredBefore }, _id: { $gt: after } }, { projection: { familyId: 1 } }),
      (after: string) => this.revocations.find({ revokedAt: { $lt: revokedBefore }, _id: { $gt: after } }, { projection: { familyId: 1 } }),
    ];
    for (const source of sources) {
      let after = '';
      for (;;) {
        const page = await source(after).sort({ _id: 1 }).limit(PURGE_PAGE).toArray();
        if (page.length === 0) break;
        after = page[page.length - 1]!._id;
        purged += await this.purgePage(page, expiredBefore);
        if (page.length < PURGE_PAGE) break;
      }
    }
    return purged;
  }

  private async purgePage(candidates: { _id: string; familyId: string }[], expiredBefore: Date): Promise<number> {
    const families = [...new Set(candidates.map((candidate) => candidate.familyId))];
    const unexpired = await this.tokens
      .find({ familyId: { $in: families }, expiresAt: { $gte: expiredBefore } }, { projection: { familyId: 1 } })
      .toArray();
    const revoked = new Set(
      unexpired.length === 0
        ? []
        : (await this.revocations.find({ _id: { $in: unexpired.map((doc) => doc._id) } }, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id),
    );
    const liveFamilies = new Set(unexpired.filter((doc) => !revoked.has(doc._id)).map((doc) => doc.familyId));
    const ids = candidates.filter((candidate) => !liveFamilies.has(candidate.familyId)).map((candidate) => candidate._id);
    if (ids.length === 0) return 0;
    const { deletedCount } = await this.tokens.deleteMany({ _id: { $in: ids } });
    await this.revocations.deleteMany({ _id: { $in: ids } });
    return deletedCount;
  }
}
