import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll } from 'vitest';
import { withDatabase } from '../../src/data/mongo/connection-string.js';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';
import { mongoBaseUrl } from '../support/mongo-stores.js';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { createTestDatabase, dropTestDatabase } from '../support/sql-stores.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { describeWith } from './services.js';

export type ProxiedKind = 'postgres' | 'mongo';

/** What a test body gets: the server process and the proxy between it and its database. */
export interface ProxiedStore {
  server(): ServerProcess;
  proxy(): TcpProxy;
}

/**
 * One describe block per network store: a real server process whose database
 * (a fresh PostgreSQL database, migrated, or a fresh MongoDB database) is
 * reached through a TCP proxy the body can stop and start; all of it torn
 * down afterwards. `title` gets the store's description appended.
 */
export function describeWithProxiedStores(title: string, body: (kind: ProxiedKind, store: () => ProxiedStore) => void): void {
  describeWith(['postgres'], `${title} on a PostgreSQL server (DB_TYPE=sql, DATABASE_URL)`, () => {
    let database: { name: string; url: string } | undefined;
    let proxy: TcpProxy | undefined;
    let server: ServerProcess | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
      await migratePostgres(database.url);
      const direct = new URL(database.url);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      const viaProxy = new URL(database.url);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      server = await startServer({ env: { DB_TYPE: 'sql', DATABASE_URL: viaProxy.toString() } });
    });

    afterAll(async () => {
      await server?.kill();
      await proxy?.stop();
      if (database) await dropTestDatabase(database.name);
    });

    body('postgres', () => ({ server: () => server!, proxy: () => proxy! }));
  });

  describeWith(['mongo'], `${title} on MongoDB (DB_TYPE=nosql, MONGODB_URL)`, () => {
    const databaseName = `app_ops_${randomBytes(6).toString('hex')}`;
    let proxy: TcpProxy | undefined;
    let server: ServerProcess | undefined;

    beforeAll(async () => {
      const direct = new URL(mongoBaseUrl);
      proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 27017) });
      server = await startServer({ env: { DB_TYPE: 'nosql', MONGODB_URL: withDatabase(`mongodb://127.0.0.1:${proxy.port}`, databaseName) } });
    });

    afterAll(async () => {
      await server?.kill();
      await proxy?.stop();
      const client = new MongoClient(withDatabase(mongoBaseUrl, databaseName), { serverSelectionTimeoutMS: 5_000 });
      try {
        await client.db().dropDatabase();
      } finally {
        await client.close();
      }
    });

    body('mongo', () => ({ server: () => server!, proxy: () => proxy! }));
  });
}
