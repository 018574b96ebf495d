import pg from 'pg';
import { STORE_DEADLINE_MS } from '../shared/guarded-store.js';
import { Prisma } from './generated/client.js';

/**
 * Which failures of the PostgreSQL server store mean "the database does not
 * answer" (CONTRACT.md, SERVICE_UNAVAILABLE), decided from codes and classes,
 * never from message text. Found by cutting a connection through a TCP proxy
 * (tests/data/prisma/pg-connection-failures.test.ts):
 *
 * - refused: Prisma's P1001, its driver-adapter cause `DatabaseNotReachable`
 *   (raw queries report the same cause under P2010);
 * - reset: `ConnectionClosed` (pg's ECONNRESET), timed out: `SocketTimeout`;
 * - lost mid-query or mid-handshake: pg raises a plain Error without a code
 *   ("Connection terminated unexpectedly"), which adapter-pg passes through
 *   as it is. It is the very object pg emits as the client's 'error' event or
 *   hands to its connect callback, so the client class below marks it there.
 * - the server going away: SQLSTATE class 08 (connection exception) and
 *   57P01-57P03 (shutting down, starting up), 53300 (too many connections).
 * - an interactive transaction (placing or cancelling an order) that could not
 *   start within its maxWait (no pool connection, or no answer to BEGIN) or did
 *   not finish within its timeout: Prisma's P2028, after which Prisma has rolled
 *   it back. Its limits sit inside the store deadline (postgres-store.ts), so
 *   this is how "no answer within 5 s" reaches a transaction.
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Errors pg produced because its connection failed (see ObservedClient). */
const connectionErrors = new WeakSet<object>();

const mark = (error: unknown): void => {
  if (error && typeof error === 'object') connectionErrors.add(error);
};

type ConnectCallback = ((err: Error) => void) | ((err: null, c: pg.Client) => void);

/**
 * pg's Client, remembering every error of its connection: what it emits as
 * 'error' (the socket died; pending queries fail with the same object) and
 * every failure to connect.
 */
class ObservedClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', mark);
  }

  override connect(): Promise<pg.Client>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
    if (!callback) {
      return super.connect().catch((error: unknown) => {
        mark(error);
        throw error;
      });
    }
    super.connect((error: Error | null, client?: pg.Client) => {
      if (error) mark(error);
      (callback as (err: Error | null, c?: pg.Client) => void)(error, client);
    });
  }
}

/**
 * The pool behind @prisma/adapter-pg. Its own timeouts sit just past the store
 * deadline (guarded-store.ts answers first): they only free a connection that
 * hangs, so that a black-holed server cannot keep the pool exhausted.
 */
export const poolConfig = (connectionString: string): pg.PoolConfig => ({
  connectionString,
  Client: ObservedClient,
  connectionTimeoutMillis: STORE_DEADLINE_MS + 500,
  query_timeout: STORE_DEADLINE_MS + 500,
  keepAlive: true,
});

interface AdapterCause {
  kind?: unknown;
  code?: unknown;
}

/** Prisma's driver-adapter error cause, under meta (wrapped by the client) or directly (a DriverAdapterError). */
function adapterCause(error: object): AdapterCause | undefined {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: AdapterCause } } }).meta;
  return meta?.driverAdapterError?.cause ?? (error as { cause?: AdapterCause }).cause;
}

const isConnectionSqlState = (code: unknown): boolean => typeof code === 'string' && (code.startsWith('08') || SQLSTATES.has(code));

export function isPostgresConnectionFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    if (connectionErrors.has(current)) return true;
    if (current instanceof Prisma.PrismaClientKnownRequestError && PRISMA_CODES.has(current.code)) return true;
    // The prepared hot reads (pg-user-reads.ts) get pg's own error, with the SQLSTATE on it.
    if (current instanceof pg.DatabaseError && isConnectionSqlState(current.code)) return true;
    const cause = adapterCause(current);
    if (cause && typeof cause === 'object') {
      if (ADAPTER_KINDS.has(cause.kind as string)) return true;
      if (cause.kind === 'postgres' && isConnectionSqlState(cause.code)) return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
