import type { Store } from '../../core/store.js';
import type { UserRepository } from '../../core/users/user-repository.js';
import { noFaults, type FaultHook } from '../shared/fault-hook.js';
import type { PrismaClient } from './generated/client.js';
import { PrismaOrderRepository, type TransactionLimits } from './prisma-order-repository.js';
import { PrismaOutbox, PrismaSentMailLog } from './prisma-outbox.js';
import { PrismaProductRepository } from './prisma-product-repository.js';
import { PrismaSalesExportRepository } from './prisma-sales-export-repository.js';
import { PrismaRefreshTokenRepository } from './prisma-refresh-token-repository.js';
import { PrismaUserRepository } from './prisma-user-repository.js';

/**
 * The sql store. `prisma` is exposed for tests and maintenance scripts (resetting tables, checking
 * the schema); entry points must go through the ports, or the other stores would miss those reads.
 */
export interface PrismaStore extends Store {
  readonly prisma: PrismaClient;
  /** The outbox_events table; beyond the Outbox port it can purge sent events (purgeSent). */
  readonly outbox: PrismaOutbox;
  readonly sentMail: PrismaSentMailLog;
}

export interface PrismaStoreOptions {
  /** Replaces the all-Prisma user repository (the server's prepared hot reads, pg-user-reads.ts). */
  users?: UserRepository;
  /** Limits of the interactive transactions (placements, cancellations): each opener knows its database. */
  transactions: TransactionLimits;
  /** Crash-test seam, called at named points inside the placement transaction; noFaults by default. */
  faults?: FaultHook;
}

/** Wraps a connected client; `release` frees what the opener acquired (driver, embedded database, lock). */
export function createPrismaStore(prisma: PrismaClient, release: () => Promise<void>, options: PrismaStoreOptions): PrismaStore {
  let closing: Promise<void> | undefined;
  return {
    prisma,
    users: options.users ?? new PrismaUserRepository(prisma),
    refreshTokens: new PrismaRefreshTokenRepository(prisma),
    products: new PrismaProductRepository(prisma),
    orders: new PrismaOrderRepository(prisma, options.transactions, options.faults ?? noFaults),
    outbox: new PrismaOutbox(prisma),
    sentMail: new PrismaSentMailLog(prisma),
    salesExports: new PrismaSalesExportRepository(prisma),
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
