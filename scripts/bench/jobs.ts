/**
 * `npm run bench:jobs`: background work measured end to end, on a PostgreSQL
 * server and on MongoDB: events written with their change → the outbox relay
 * → BullMQ on Redis → the worker's handler → SendEventMail → an SMTP server
 * (smtp-server, in this process). Not a test: nothing here runs in CI.
 *
 *  1. Throughput: BENCH_EVENTS users are inserted with their user.registered
 *     event while nothing relays; then one relay and one worker start, and
 *     the clock runs until the SMTP server has every welcome email.
 *  2. Delay: with the relay and worker running, BENCH_SAMPLES users are
 *     inserted at BENCH_RATE per second; each delay is from the insert's
 *     return (the commit) to the SMTP server's receipt of its message.
 *
 * Environment: BENCH_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/app_bench_jobs, dropped and
 * recreated), BENCH_MONGODB_URL (mongodb://127.0.0.1:27017/app_bench_jobs, dropped), BENCH_REDIS_URL
 * (redis://127.0.0.1:6379), BENCH_EVENTS (2000), BENCH_SAMPLES (300), BENCH_RATE (50),
 * BENCH_CONCURRENCY (the worker's, 4), BENCH_STORES (postgres,mongo).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { SMTPServer } from 'smtp-server';
import { domainEvent } from '../../src/core/events/domain-event.js';
import type { Store } from '../../src/core/store.js';
import { createUseCases } from '../../src/core/use-cases.js';
import { systemClock } from '../../src/core/shared/clock.js';
import { newId } from '../../src/core/shared/ids.js';
import { createSmtpMailer } from '../../src/data/mail/smtp-mailer.js';
import { openMongoStore } from '../../src/data/mongo/mongo-store.js';
import { openPostgresStore } from '../../src/data/prisma/postgres-store.js';
import { BullmqQueue } from '../../src/data/queue/bullmq-queue.js';
import { OutboxRelay } from '../../src/data/queue/outbox-relay.js';
import { JoseAccessTokens } from '../../src/data/security/jose-access-tokens.js';
import { ScryptPasswordHasher } from '../../src/data/security/scrypt-password-hasher.js';
import { JOB_RETENTION, JOB_RETRY } from '../../src/config/jobs.js';
import { createJobHandler } from '../../src/entry-points/worker/job-handler.js';
import { recreateDatabase } from './database.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/app_bench_jobs';
const MONGODB_URL = process.env.BENCH_MONGODB_URL ?? 'mongodb://127.0.0.1:27017/app_bench_jobs';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 2_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const STORES = (process.env.BENCH_STORES ?? 'postgres,mongo').split(',');
const silent = { info: () => {}, warn: () => {}, error: (fields: object, message: string) => console.error(message, fields) };

/** An SMTP server that notes when each message (by its event id) arrived. */
async function smtpSink(): Promise<{ url: string; arrivals: Map<string, number>; close(): Promise<void> }> {
  const arrivals = new Map<string, number>();
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const id = /Message-ID: <evt-([^@>]+)@/i.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
        if (id && !arrivals.has(id)) arrivals.set(id, performance.now());
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return { url: `smtp://127.0.0.1:${port}`, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function openPostgres(): Promise<Store> {
  await recreateDatabase(DATABASE_URL);
  return openPostgresStore(DATABASE_URL);
}

async function openMongo(): Promise<Store> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(MONGODB_URL);
  await client.db().dropDatabase();
  await client.close();
  return openMongoStore(MONGODB_URL);
}

let seq = 0;
async function insertRegistered(store: Store, passwordHash: string): Promise<string> {
  seq += 1;
  const now = new Date();
  const user = {
    id: newId(now),
    email: `bench-${process.pid}-${seq}@example.com`,
    firstName: 'Bench',
    lastName: 'User',
    passwordHash,
    role: 'USER' as const,
    createdAt: now,
    updatedAt: now,
    tokenVersion: 0,
  };
  const event = domainEvent('user.registered', { userId: user.id }, now);
  await store.users.insert(user, [event]);
  return event.id;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function measure(name: string, open: () => Promise<Store>): Promise<void> {
  const store = await open();
  const smtp = await smtpSink();
  const mailer = createSmtpMailer({ url: smtp.url, from: 'Bench <bench@bench.example.com>' });
  const useCases = createUseCases({
    store,
    hasher: new ScryptPasswordHasher(),
    accessTokens: new JoseAccessTokens('bench-secret-bench-secret-bench-secret-01', 900),
    clock: systemClock,
    refreshTokenTtl: 3600,
    mail: { mailer, domain: 'bench.example.com' },
  });
  const prefix = `bench-jobs-${randomBytes(4).toString('hex')}`;
  const queue = new BullmqQueue({ url: REDIS_URL, prefix, retry: JOB_RETRY, retention: JOB_RETENTION, concurrency: CONCURRENCY });
  const relay = new OutboxRelay({ outbox: store.outbox!, queue, log: silent, markSent: 'enqueued' });
  const hash = await new ScryptPasswordHasher().hash('bench password 0001');
  try {
    // 1. Throughput: a backlog drained by one relay and one worker.
    const backlog = new Set<string>();
    for (let i = 0; i < EVENTS; i++) backlog.add(await insertRegistered(store, hash));
    const started = performance.now();
    queue.consume(createJobHandler(useCases, silent));
    relay.start();
    while ([...backlog].some((id) => !smtp.arrivals.has(id))) await sleep(20);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${name}: ${EVENTS} events → emails in ${seconds.toFixed(2)} s = ${Math.round(EVENTS / seconds)} events/s (worker concurrency ${CONCURRENCY})`);

    // 2. Delay from commit to the SMTP server, at a steady rate.
    const committed = new Map<string, number>();
    for (let i = 0; i < SAMPLES; i++) {
      const id = await insertRegistered(store, hash);
      committed.set(id, performance.now());
      await sleep(1000 / RATE);
    }
    while ([...committed.keys()].some((id) => !smtp.arrivals.has(id))) await sleep(20);
    const delays = [...committed].map(([id, at]) => smtp.arrivals.get(id)! - at).sort((a, b) => a - b);
    console.log(
      `${name}: commit → email over ${SAMPLES} events at ${RATE}/s: p50 ${percentile(delays, 50).toFixed(0)} ms, p90 ${percentile(delays, 90).toFixed(0)} ms, p99 ${percentile(delays, 99).toFixed(0)} ms, max ${delays.at(-1)!.toFixed(0)} ms`,
    );
  } finally {
    await relay.stop();
    await queue.close();
    await mailer.close();
    await smtp.close();
    await store.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

const targets: Record<string, () => Promise<Store>> = { postgres: openPostgres, mongo: openMongo };
for (const name of STORES) {
  const open = targets[name];
  if (!open) throw new Error(`unknown store ${name} in BENCH_STORES (postgres, mongo)`);
  await measure(name, open);
}
process.exit(0);
