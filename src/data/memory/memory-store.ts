import type { Store } from '../../core/store.js';
import { MemoryOutbox, MemorySentMailLog } from './memory-outbox.js';
import { MemoryOrderRepository } from './memory-order-repository.js';
import { MemoryProductRepository, type ProductShelf } from './memory-product-repository.js';
import { MemorySalesExportRepository } from './memory-sales-export-repository.js';
import { MemoryRefreshTokenRepository } from './memory-refresh-token-repository.js';
import { MemoryUserRepository } from './memory-user-repository.js';

/**
 * A complete store in process memory: for local experiments and fast use-case
 * tests. It is held to the same contract suite as the database stores, so it
 * must keep the same promises (unique email and sku, paging order, atomic
 * revoke, restock and placement). Records are copied in and out.
 */
export interface MemoryStore extends Store {
  readonly outbox: MemoryOutbox;
  readonly sentMail: MemorySentMailLog;
  /** Empties the store between tests, keeping the same instance. */
  clear(): void;
}

export function createMemoryStore(): MemoryStore {
  const outbox = new MemoryOutbox();
  const sentMail = new MemorySentMailLog();
  const users = new MemoryUserRepository(outbox);
  const refreshTokens = new MemoryRefreshTokenRepository();
  const shelf: ProductShelf = new Map();
  const products = new MemoryProductRepository(shelf, outbox);
  const orders = new MemoryOrderRepository(shelf, outbox);
  const salesExports = new MemorySalesExportRepository(outbox);
  return {
    users,
    refreshTokens,
    products,
    orders,
    salesExports,
    outbox,
    sentMail,
    ping: async () => {},
    close: async () => {},
    clear: () => {
      users.clear();
      refreshTokens.clear();
      shelf.clear();
      orders.clear();
      salesExports.clear();
      outbox.clear();
      sentMail.clear();
    },
  };
}
