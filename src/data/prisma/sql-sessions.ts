import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { SqlSession } from './migrate.js';

/** A pg.Client is one server connection, so a session-level advisory lock stays with the work it guards. */
export const pgClientSession = (client: pg.Client): SqlSession => ({
  async query<Row extends object>(sql: string, params?: unknown[]) {
    return (await client.query(sql, params)).rows as Row[];
  },
  async runScript(script) {
    // Without parameters pg uses the simple query protocol, which accepts many statements at once.
    await client.query(script);
  },
});

/** PGlite is a single-connection database: every call is the same session. */
export const pgliteSession = (db: PGlite): SqlSession => ({
  async query<Row extends object>(sql: string, params?: unknown[]) {
    return (await db.query<Row>(sql, params)).rows;
  },
  async runScript(script) {
    await db.exec(script);
  },
});
