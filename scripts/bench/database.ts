import pg from 'pg';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';

/** Drops and recreates the benchmark's database (named by the URL's path), then migrates it. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^\w+$/.test(name)) throw new Error(`BENCH_DATABASE_URL must name a plain database, got ${name}`);
  const admin = new pg.Client({ connectionString: Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  await migratePostgres(databaseUrl);
}
