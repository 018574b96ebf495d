import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { beforeAll, describe } from 'vitest';
import { mongoStore } from '../support/mongo-stores.js';
import { postgresStore } from '../support/sql-stores.js';

/** The Redis server the rate-limit tests share counters through. */
export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** 'redis-server': the binary, for tests that run (and kill) a Redis of their own (tests/support/redis-server.ts). */
export type Service = 'postgres' | 'mongo' | 'redis' | 'redis-server';

async function redisUnavailable(): Promise<string | null> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const fail = (why: string) => {
      socket.destroy();
      resolve(`Redis not reachable at ${hostname}:${port || 6379} (${why}); start redis-server or set TEST_REDIS_URL`);
    };
    socket.setTimeout(2_000, () => fail('no answer within 2 s'));
    socket.once('error', (error) => fail(error.message));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      if (data.toString().startsWith('+PONG')) resolve(null);
      else fail(`answered ${JSON.stringify(data.toString().trim())}`);
    });
  });
}

async function redisServerMissing(): Promise<string | null> {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? null : `redis-server not found on PATH (${probe.error?.message ?? probe.stderr.trim()}); install Redis`;
}

const checks: Record<Service, () => Promise<string | null>> = {
  postgres: () => postgresStore.unavailable(),
  mongo: () => mongoStore.unavailable(),
  redis: redisUnavailable,
  'redis-server': redisServerMissing,
};

const inCi = process.env.CI === 'true';

/**
 * describe() that needs real servers. Outside CI a missing one skips the block
 * with a message saying how to enable it; under CI=true it fails every test in
 * it (a skipped operations test proves nothing).
 */
export function describeWith(services: Service[], title: string, body: () => void): void {
  describe(title, async () => {
    const reasons = (await Promise.all(services.map((service) => checks[service]()))).filter((r): r is string => r !== null);
    if (reasons.length > 0 && !inCi) {
      console.warn(`skipping "${title}": ${reasons.join('; ')}`);
      describe.skip(`needs ${services.join(', ')}: ${reasons.join('; ')}`, () => {});
      return;
    }
    beforeAll(() => {
      if (reasons.length > 0) throw new Error(`required under CI: ${reasons.join('; ')}`);
    });
    body();
  });
}
