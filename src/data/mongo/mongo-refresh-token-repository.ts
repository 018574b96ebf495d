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
}
