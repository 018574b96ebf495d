import type pg from 'pg';
import type { CallerRecord, Role, UserRecord } from '../../core/users/user.js';
import type { PagePosition } from '../../core/users/user-repository.js';
import type { PrismaClient } from './generated/client.js';
import { PrismaUserRepository } from './prisma-user-repository.js';

const USER_COLUMNS = 'id, email, first_name, last_name, password_hash, role, created_at, updated_at, token_version';

/**
 * The hot reads as named (prepared) statements: each connection parses and
 * plans one once, then only binds and executes it. The SQL is fixed text and
 * every value a parameter; the column list is explicit, so a column the schema
 * grows is not read until it is mapped here.
 */
const STATEMENTS = {
  caller: { name: 'users_caller', text: 'SELECT id, role, token_version FROM users WHERE id = $1' },
  byId: { name: 'users_by_id', text: `SELECT ${USER_COLUMNS} FROM users WHERE id = $1` },
  first: { name: 'users_page_first', text: `SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id LIMIT $1` },
  // Row comparison: the (created_at, id) index serves "strictly after this position" as one range.
  after: {
    name: 'users_page_after',
    text: `SELECT ${USER_COLUMNS} FROM users WHERE (created_at, id) > ($2::timestamptz, $3::text) ORDER BY created_at, id LIMIT $1`,
  },
  count: { name: 'users_count', text: 'SELECT count(*)::int AS count FROM users' },
} as const;

interface UserRow {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  role: Role;
  created_at: Date;
  updated_at: Date;
  token_version: number;
}

const toUserRecord = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  passwordHash: row.password_hash,
  role: row.role,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  tokenVersion: row.token_version,
});

/**
 * The Prisma store's user repository on a PostgreSQL server, with the reads
 * of every request (the caller check, a user by id, a page, the count) sent as
 * prepared statements through the pool Prisma itself uses: Prisma's own
 * per-query cost is several times pg's for these (README, Stores). Writes and
 * the rarer reads stay with Prisma. The embedded store (PGlite) has no pg pool
 * and keeps Prisma for everything; the store contract suite holds both.
 */
export class PgReadsUserRepository extends PrismaUserRepository {
  constructor(
    prisma: PrismaClient,
    private readonly pool: pg.Pool,
  ) {
    super(prisma);
  }

  override async findCaller(id: string): Promise<CallerRecord | null> {
    const { rows } = await this.pool.query<Pick<UserRow, 'id' | 'role' | 'token_version'>>({ ...STATEMENTS.caller, values: [id] });
    const row = rows[0];
    return row ? { id: row.id, role: row.role, tokenVersion: row.token_version } : null;
  }

  override async findById(id: string): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<UserRow>({ ...STATEMENTS.byId, values: [id] });
    return rows[0] ? toUserRecord(rows[0]) : null;
  }

  override async page({ limit, after }: { limit: number; after?: PagePosition }): Promise<UserRecord[]> {
    const { rows } = await this.pool.query<UserRow>(
      after ? { ...STATEMENTS.after, values: [limit, after.createdAt, after.id] } : { ...STATEMENTS.first, values: [limit] },
    );
    return rows.map(toUserRecord);
  }

  override async count(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(STATEMENTS.count);
    return rows[0]?.count ?? 0;
  }
}
