/**
 * The raw limit for `npm run bench:load`: node:http + pg + jose and nothing
 * else, answering the benchmark's four requests with the same JSON as the
 * project (same documents, same fields, same cursors), on the same table.
 * It does what a careful hand-written server would: prepared statements, the
 * key imported once, the token checked with the same claims (HS256 pinned,
 * issuer, audience, `use: access`). With RAW_REREAD=on it also re-reads the
 * caller on every request, as the project does for its security guarantees.
 *
 * Environment: DATABASE_URL, JWT_SECRET, PORT, RAW_REREAD (on|off).
 * Not product code: it knows only the benchmark's documents.
 */
import { createSecretKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import pg from 'pg';
import { BENCH_DOCUMENTS } from './documents.js';


interface Row {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, email, first_name, last_name, role, created_at, updated_at';
const userJson = (row: Row) => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
const cursorOf = (row: Row) => Buffer.from(`${row.created_at.getTime()}:${row.id}`, 'utf8').toString('base64url');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const key = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? '', 'utf8'));
const reread = process.env.RAW_REREAD === 'on';

const byId = (id: string) => pool.query<Row>({ name: 'user-by-id', text: `SELECT ${COLUMNS} FROM users WHERE id = $1`, values: [id] });
const page = (limit: number) =>
  pool.query<Row>({ name: 'user-page', text: `SELECT ${COLUMNS} FROM users ORDER BY created_at, id LIMIT $1`, values: [limit] });
const count = () => pool.query<{ n: number }>({ name: 'user-count', text: 'SELECT count(*)::int AS n FROM users' });
const caller = (id: string) => pool.query({ name: 'caller', text: 'SELECT id, role FROM users WHERE id = $1', values: [id] });

async function authenticate(request: IncomingMessage): Promise<boolean> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;
  try {
    const { payload } = await jwtVerify(header.slice(7), key, {
      algorithms: ['HS256'],
      issuer: 'flexible-backend',
      audience: 'flexible-backend:api',
      requiredClaims: ['exp', 'sub'],
    });
    if (payload.use !== 'access' || typeof payload.sub !== 'string') return false;
    return reread ? (await caller(payload.sub)).rowCount === 1 : true;
  } catch {
    return false;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

async function graphql(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { query, variables } = JSON.parse(await readBody(request)) as { query: string; variables: Record<string, unknown> };
  if (query === BENCH_DOCUMENTS.user) {
    const { rows } = await byId(String(variables.id));
    return send(response, 200, { data: { user: rows[0] ? userJson(rows[0]) : null } });
  }
  if (query === BENCH_DOCUMENTS.users) {
    const first = Number(variables.first ?? 20);
    const { rows } = await page(first + 1);
    const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: userJson(row) }));
    const pageInfo = { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
    return send(response, 200, { data: { users: { edges, pageInfo } } });
  }
  send(response, 400, { errors: [{ message: 'the raw baseline knows only the benchmark documents' }] });
}

async function rest(url: URL, response: ServerResponse): Promise<void> {
  const id = /^\/api\/users\/([^/]+)$/.exec(url.pathname)?.[1];
  if (id) {
    const { rows } = await byId(decodeURIComponent(id));
    return rows[0] ? send(response, 200, { user: userJson(rows[0]) }) : send(response, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
  }
  if (url.pathname === '/api/users') {
    const first = Number(url.searchParams.get('first') ?? 20);
    const [{ rows }, total] = await Promise.all([page(first + 1), count()]);
    const users = rows.slice(0, first);
    const pageInfo = { hasNextPage: rows.length > first, endCursor: users.length > 0 ? cursorOf(users.at(-1)!) : null };
    return send(response, 200, { users: users.map(userJson), pageInfo, totalCount: total.rows[0]!.n });
  }
  send(response, 404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://raw');
  const handle = async () => {
    if (url.pathname === '/health/ready') return send(response, 200, { status: 'ok' });
    if (!(await authenticate(request))) return send(response, 401, { error: { code: 'UNAUTHENTICATED', message: 'Authentication required' } });
    if (url.pathname === '/graphql' && request.method === 'POST') return graphql(request, response);
    return rest(url, response);
  };
  handle().catch(() => send(response, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } }));
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` }));
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
