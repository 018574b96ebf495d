import type { Store } from '../core/store.js';
import type { Config } from './env.js';

/**
 * Picks the store adapter from DB_TYPE. Adapters are imported on demand, so a
 * memory or MongoDB deployment never loads Prisma, and the reverse.
 */
export async function openStore(store: Config['store']): Promise<Store> {
  switch (store.type) {
    case 'memory': {
      const { createMemoryStore } = await import('../data/memory/memory-store.js');
      return createMemoryStore();
    }
    case 'nosql': {
      const { openMongoStore } = await import('../data/mongo/mongo-store.js');
      return openMongoStore(store.url);
    }
    case 'sql': {
      if ('url' in store) {
        const { openPostgresStore } = await import('../data/prisma/postgres-store.js');
        return openPostgresStore(store.url);
      }
      const { openEmbeddedStore } = await import('../data/prisma/embedded-store.js');
      return openEmbeddedStore(store.dataDir);
    }
  }
}
