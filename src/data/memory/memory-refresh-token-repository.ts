import type { RefreshTokenRecord, RefreshTokenRepository } from '../../core/auth/refresh-token-repository.js';
import { copy } from './records.js';

export class MemoryRefreshTokenRepository implements RefreshTokenRepository {
  private readonly tokens = new Map<string, RefreshTokenRecord>();

  async insert(token: RefreshTokenRecord): Promise<void> {
    this.tokens.set(token.id, copy(token));
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | null> {
    for (const token of this.tokens.values()) if (token.tokenHash === tokenHash) return copy(token);
    return null;
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    const token = this.tokens.get(id);
    if (!token || token.revokedAt) return false;
    token.revokedAt = new Date(at.getTime());
    return true;
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    for (const token of this.tokens.values()) {
      if (token.familyId === familyId && !token.revokedAt) token.revokedAt = new Date(at.getTime());
    }
  }

  async deleteByUser(userId: string): Promise<void> {
    for (const [id, token] of this.tokens) if (token.userId === userId) this.tokens.delete(id);
  }

  async purge({ expiredBefore, revokedBefore }: { expiredBefore: Date; revokedBefore: Date }): Promise<number> {
    const liveFamilies = new Set<string>();
    for (const token of this.tokens.values()) {
      if (!token.revokedAt && token.expiresAt >= expiredBefore) liveFamilies.add(token.familyId);
    }
    let purged = 0;
    for (const [id, token] of this.tokens) {
      const ended = token.expiresAt < expiredBefore || (token.revokedAt !== null && token.revokedAt < revokedBefore);
      if (ended && !liveFamilies.has(token.familyId)) {
        this.tokens.delete(id);
        purged += 1;
      }
    }
    return purged;
  }

  clear(): void {
    this.tokens.clear();
  }
}
