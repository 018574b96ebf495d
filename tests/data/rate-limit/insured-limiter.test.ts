import { randomBytes } from 'node:crypto';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createLimiter, type Limiter } from '../../../src/data/rate-limit/limiters.js';
import { connectRedis, type RedisConnection } from '../../../src/data/rate-limit/redis-connection.js';
import { describeWith } from '../../operations/services.js';
import { type PrivateRedis, startPrivateRedis, stopAllPrivateRedis } from '../../support/redis-server.js';
import { pollUntil } from '../../support/server-process.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';

/**
 * The Redis limiters' warm insurance, against a redis-server of the test's own
 * that is killed (SIGKILL, nothing persisted) and started again: counts made
 * while Redis answered hold through the outage, and counts made during it
 * hold after Redis returns empty. So an outage never allows more than the limit.
 * Another instance is a second limiter with the same name (its own memory).
 */

const LIMIT = 10;
const silent = { warn: () => {}, info: () => {} };

describeWith(['redis-server'], 'Redis limiters with a warm in-process insurance', () => {
  let redis: PrivateRedis;
  let connection: RedisConnection;

  const answering = (expected: boolean) => pollUntil(`Redis to be ${expected ? 'answering' : 'away'}`, () => connection.answering() === expected);
  /** A limiter as one instance has it; the same name on another instance shares its Redis counters. */
  const aLimiter = (name = `insured-${randomBytes(4).toString('hex')}`) =>
    Object.assign(createLimiter({ name, points: LIMIT, durationSeconds: 15 * 60 }, connection.client), { name });
  /** The count Redis itself holds (createLimiter's key prefix is rl:<name>). */
  const stored = async (name: string, key: string) => Number(await connection.client.get(`rl:${name}:${key}`));

  /** How many consumes pass before the first refusal (at most `max` tried). */
  async function allowed(limiter: Limiter, key: string, max = 2 * LIMIT): Promise<number> {
    for (let n = 0; n < max; n++) {
      try {
        await limiter.consume(key);
      } catch (refusal) {
        expect(refusal).toBeInstanceOf(RateLimiterRes);
        return n;
      }
    }
    return max;
  }

  async function consumed(limiter: Limiter, key: string, times: number): Promise<void> {
    for (let n = 0; n < times; n++) await limiter.consume(key);
  }

  async function outage(): Promise<void> {
    await redis.kill();
    await answering(false);
  }

  async function recovery(): Promise<void> {
    await redis.restart();
    await answering(true);
  }

  beforeAll(async () => {
    redis = await startPrivateRedis();
    connection = connectRedis(redis.url, silent);
  });

  // A test that failed mid-outage leaves Redis down: the next one starts with it up.
  beforeEach(async () => {
    if (connection.answering()) return;
    await redis.kill();
    await recovery();
  });

  afterAll(async () => {
    await connection?.close();
    await stopAllPrivateRedis();
  });

  it('allows only the rest of the limit while Redis is away, after counts made in Redis', async () => {
    const limiter = aLimiter();
    await consumed(limiter, 'key', 4);
    await outage();
    expect(await allowed(limiter, 'key')).toBe(LIMIT - 4);
    await recovery();
  });

  it('carries the counts made during the outage into a Redis that returns empty', async () => {
    const limiter = aLimiter();
    await consumed(limiter, 'key', 3);
    await outage();
    await consumed(limiter, 'key', 4);
    await recovery();
    expect(await allowed(limiter, 'key')).toBe(LIMIT - 7);
  });

  it('writes the carried counts back to Redis, where every instance sees them', async () => {
    const limiter = aLimiter();
    await consumed(limiter, 'key', 2);
    await outage();
    await consumed(limiter, 'key', 5);
    await recovery();
    await limiter.consume('key');
    expect(await stored(limiter.name, 'key')).toBe(8);
  });

  it('holds through an outage the counts another instance made in Redis before it', async () => {
    const here = aLimiter();
    const elsewhere = aLimiter(here.name);
    await consumed(elsewhere, 'key', 5);
    await here.consume('key');
    await outage();
    expect(await allowed(here, 'key')).toBe(LIMIT - 6);
    await recovery();
  });

  it('adds the counts made while Redis was only unreachable to those other instances made in it meanwhile', async () => {
    // This instance reaches Redis through a proxy that is cut and restored; Redis itself keeps running.
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
    const viaProxy = connectRedis(`redis://127.0.0.1:${proxy.port}`, silent);
    try {
      await pollUntil('the proxied connection to answer', () => viaProxy.answering());
      const elsewhere = aLimiter();
      const here = Object.assign(createLimiter({ name: elsewhere.name, points: LIMIT, durationSeconds: 15 * 60 }, viaProxy.client), { name: elsewhere.name });
      await consumed(here, 'key', 2);
      await consumed(elsewhere, 'key', 3);
      await proxy.stop();
      await pollUntil('the proxied connection to drop', () => !viaProxy.answering());
      await consumed(here, 'key', 2);
      await consumed(elsewhere, 'key', 2);
      await proxy.start();
      await pollUntil('the proxied connection to answer again', () => viaProxy.answering(), { timeoutMs: 15_000 });
      // Nine so far, wherever they were counted.
      expect(await allowed(here, 'key')).toBe(LIMIT - 9);
      expect(await allowed(elsewhere, 'key')).toBe(0);
    } finally {
      await viaProxy.close();
      await proxy.stop();
    }
  });

  it('mirrors rewards and deletions too: a reset made while Redis answered holds through the outage', async () => {
    const limiter = aLimiter();
    await consumed(limiter, 'rewarded', 5);
    await limiter.reward('rewarded');
    await consumed(limiter, 'deleted', 8);
    await limiter.delete('deleted');
    await outage();
    expect(await allowed(limiter, 'rewarded')).toBe(LIMIT - 4);
    expect(await allowed(limiter, 'deleted')).toBe(LIMIT);
    await recovery();
  });
});
