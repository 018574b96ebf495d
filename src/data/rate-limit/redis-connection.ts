import { Redis } from 'ioredis';

/** How long a Redis command may take before the in-process counts decide instead (Redis answers in well under 1 ms). */
const COMMAND_TIMEOUT_MS = 1000;

export interface RedisLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export interface RedisConnection {
  readonly client: Redis;
  /** Whether Redis answers now; while it does not, the limiters count in this process. */
  answering(): boolean;
  close(): Promise<void>;
}

/**
 * The ioredis client for the rate limiters. Commands fail at once while the
 * connection is down (no offline queue, one retry), so the insurance counts
 * take over instead of requests waiting; ioredis keeps reconnecting by itself.
 * An outage is logged once when it starts and once when it ends, however many
 * reconnection attempts fail in between.
 */
export function connectRedis(url: string, log: RedisLog): RedisConnection {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
  let away = false;
  let closing = false;
  const lost = (error?: Error) => {
    if (away || closing) return;
    away = true;
    // The message only: the URL (which may hold a password) is not in it, but it is not logged either.
    log.warn({ reason: error?.message ?? 'connection closed' }, 'redis does not answer: rate limits count in this process until it returns');
  };
  // Without an 'error' listener, ioredis reports connection errors as unhandled.
  client.on('error', lost);
  client.on('close', () => lost());
  client.on('ready', () => {
    if (!away) return;
    away = false;
    log.info({}, 'redis answers again: rate-limit counts are shared again');
  });
  return {
    client,
    answering: () => client.status === 'ready',
    async close() {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
