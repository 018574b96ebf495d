import type { ProductRepository } from '../../core/catalog/product-repository.js';
import type { OrderRepository } from '../../core/orders/order-repository.js';
import { notBuilt } from '../shared/not-built.js';
import type { Store } from '../../core/store.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import type { PrismaClient } from './generated/client.js';
import { PrismaRefreshTokenRepository } from './prisma-refresh-token-repository.js';
import { PrismaUserRepository } from './prisma-user-repository.js';

/**
 * The sql store. `prisma` is exposed for tests and maintenance scripts (resetting tables, checking
 * the schema); entry points must go through the ports, or the other stores would miss those reads.
 */
export interface PrismaStore extends Store {
  readonly prisma: PrismaClient;
}

/**
 * Wraps a connected client; `release` frees what the opener acquired (driver, embedded database, lock).
 * `users` replaces the all-Prisma user repository (the server's prepared hot reads, pg-user-reads.ts).
 */
export function createPrismaStore(prisma: PrismaClient, release: () => Promise<void>, users?: UserRepository): PrismaStore {
  let closing: Promise<void> | undefined;
  return {
    prisma,
    users: users ?? new PrismaUserRepository(prisma),
    refreshTokens: new PrismaRefreshTokenRepository(prisma),
    products: notBuilt<ProductRepository>('products'),
    orders: notBuilt<OrderRepository>('orders'),
    async ping() {
      await prisma.$queryRaw`SELECT 1`;
    },
    // Idempotent: a shutdown signal and a test teardown may both close the store.
    close() {
      closing ??= (async () => {
        try {
          await prisma.$disconnect();
        } finally {
          await release();
        }
      })();
      return closing;
    },
  };
}
