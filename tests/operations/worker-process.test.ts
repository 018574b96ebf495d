/**
 * `npm run worker` as operators run it: separate processes beside the API,
 * sharing one Redis and one database server, mail into a real SMTP server in
 * this test process. Two workers (two relays) handle every event once; a
 * worker SIGKILLed in the middle of sending has its job run again by the
 * other, and the repeat is the same message (same Message-ID). On PostgreSQL
 * and on MongoDB. Each scenario takes its own queue prefix on the shared Redis.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/data/prisma/postgres-store.js';
import { withDatabase } from '../../src/data/mongo/connection-string.js';
import { mongoBaseUrl } from '../support/mongo-stores.js';
import {
  pollUntil,
  runWorkerExpectingFailure,
  type ServerProcess,
  startServer,
  startWorker,
  stopAllServers,
  type WorkerProcess,
} from '../support/server-process.js';
import { unusedPort } from '../support/ports.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';
import { createTestDatabase, dropTestDatabase } from '../support/sql-stores.js';
import { describeWith, redisUrl } from './services.js';

const JWT_SECRET = 'worker-process-test-secret-32-bytes-long!';
const PASSWORD = 'correct horse battery staple';

afterAll(stopAllServers);

describe('npm run worker refuses what it cannot share', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['no REDIS_URL', { DB_TYPE: 'sql', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/none' }, /needs REDIS_URL/],
    ['the memory store', { DB_TYPE: 'memory', REDIS_URL: redisUrl }, /memory store/],
    ['the embedded database', { DB_TYPE: 'sql', REDIS_URL: redisUrl }, /needs DATABASE_URL/],
  ];
  for (const [what, env, message] of cases) {
    it(`with ${what}: exits 2 with one line saying why`, async () => {
      const { exit, stderrLines } = await runWorkerExpectingFailure(env);
      expect(exit.code).toBe(2);
      expect(stderrLines.join('\n')).toMatch(message);
    });
  }
});

describe('npm start with zero setup (embedded PostgreSQL, no Redis, no SMTP)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-mail-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs the worker in the API: a sign-up writes the welcome email as an .eml file and logs its path', async () => {
    const api = await startServer({ env: { DATA_DIR: dataDir, JWT_SECRET } });
    const email = `zero-setup-${randomBytes(3).toString('hex')}@example.com`;
    const answer = await fetch(`${api.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD }),
    });
    expect(answer.status).toBe(201);
    const line = await api.waitForLog((entry) => entry.msg === 'mail sent', 15_000);
    expect(line).toMatchObject({ event: 'user.registered', jobId: line.eventId, path: expect.stringMatching(/mail\/evt-.+\.eml$/) });
    expect(String(line.path).startsWith(join(dataDir, 'mail'))).toBe(true);
    const eml = readFileSync(String(line.path), 'utf8');
    expect(eml).toContain(`To: ${email}`);
    expect(eml).not.toContain(PASSWORD);
    await api.kill();
  });
});

describeWith(['postgres'], 'readiness names the job queue while its Redis is away (a database server and REDIS_URL)', () => {
  it('stays 200 with degraded ["redis", "queue"]: the API keeps writing events for the workers', async () => {
    const database = await createTestDatabase();
    try {
      await migratePostgres(database.url);
      const port = await unusedPort();
      const api = await startServer({ env: { DB_TYPE: 'sql', DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT: 'on', JWT_SECRET } });
      const answer = await pollUntil('readiness to name the queue', async () => {
        const response = await fetch(`${api.url}/health/ready`);
        const body = (await response.json()) as { degraded?: string[] };
        return body.degraded?.includes('queue') ? { status: response.status, body } : undefined;
      });
      expect(answer).toEqual({ status: 200, body: { status: 'ok', degraded: ['redis', 'queue'] } });
      await api.kill();
    } finally {
      await dropTestDatabase(database.name);
    }
  });
});

type Target = { name: string; services: ('postgres' | 'mongo')[]; open(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> };

const targets: Target[] = [
  {
    name: 'PostgreSQL',
    services: ['postgres'],
    async open() {
      const database = await createTestDatabase();
      await migratePostgres(database.url);
      return { env: { DB_TYPE: 'sql', DATABASE_URL: database.url }, drop: async () => void (await dropTestDatabase(database.name)) };
    },
  },
  {
    name: 'MongoDB',
    services: ['mongo'],
    async open() {
      const url = withDatabase(mongoBaseUrl, `app_test_${randomBytes(6).toString('hex')}`);
      return {
        env: { DB_TYPE: 'nosql', MONGODB_URL: url },
        drop: async () => {
          const { MongoClient } = await import('mongodb');
          const client = new MongoClient(url);
          await client.db().dropDatabase().finally(() => client.close());
        },
      };
    },
  },
];

for (const target of targets) {
  describeWith([...target.services, 'redis'], `workers beside the API on ${target.name} and Redis`, () => {
    let db: Awaited<ReturnType<Target['open']>>;
    let smtp: TestSmtpServer;
    let api: ServerProcess;
    let hold: ((raw: string) => Promise<void>) | undefined;
    const prefix = `test-workers-${randomBytes(6).toString('hex')}`;
    const workers: WorkerProcess[] = [];

    const env = () => ({
      ...db.env,
      REDIS_URL: redisUrl,
      JOBS_PREFIX: prefix,
      // A killed worker's job runs again on another after about 2 s (BullMQ's default lock is 30 s).
      JOBS_LOCK_MS: '2000',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Shop <shop@workers.example.com>',
      JWT_SECRET,
    });

    beforeAll(async () => {
      db = await target.open();
      smtp = await startSmtpServer({ beforeAccept: (raw) => (hold ? hold(raw) : Promise.resolve()) });
      api = await startServer({ env: env() });
    });
    afterEach(async () => {
      hold = undefined;
      for (const worker of workers.splice(0)) await worker.kill();
    });
    afterAll(async () => {
      await api?.kill();
      await smtp?.close();
      const admin = new Redis(redisUrl);
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
      await db?.drop();
    });

    async function signUp(email: string): Promise<void> {
      const answer = await fetch(`${api.url}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, firstName: 'Ada', lastName: 'Lovelace', password: PASSWORD }),
      });
      expect(answer.status, await answer.text()).toBe(201);
    }
    const mailsTo = (emails: Set<string>) => smtp.received.filter((mail) => mail.envelopeTo.some((to) => emails.has(to)));

    it('two workers (two relays) send every welcome email once, and none while no worker runs', async () => {
      const emails = new Set(Array.from({ length: 30 }, (_, i) => `pair-${i}-${randomBytes(3).toString('hex')}@example.com`));
      for (const email of emails) await signUp(email);
      // The API with a database server and Redis leaves the jobs to the workers.
      expect(mailsTo(emails)).toEqual([]);
      workers.push(await startWorker({ env: env() }), await startWorker({ env: env() }));
      await pollUntil('30 welcome emails', () => mailsTo(emails).length >= 30, { timeoutMs: 30_000 });
      const mails = mailsTo(emails);
      expect(mails).toHaveLength(30);
      expect(new Set(mails.map((mail) => mail.envelopeTo[0])).size).toBe(30);
      expect(new Set(mails.map((mail) => mail.parsed.messageId)).size).toBe(30);
      for (const mail of mails) expect(mail.raw).not.toContain(PASSWORD);
      // Both took part: each logged mail it sent.
      const sentBy = workers.map((worker) => worker.logs().filter((line) => line.msg === 'mail sent').length);
      expect(sentBy.reduce((a, b) => a + b, 0)).toBe(30);
      for (const line of workers.flatMap((worker) => worker.logs()).filter((line) => line.msg === 'mail sent')) {
        expect(line).toMatchObject({ jobId: expect.any(String), eventId: expect.any(String) });
        expect(line.jobId).toBe(line.eventId);
      }
    });

    it('a worker SIGKILLed while the SMTP server holds its message: the other sends it again, as the same message', async () => {
      const email = `killed-${randomBytes(3).toString('hex')}@example.com`;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held = 0;
      hold = async (raw) => {
        if (!raw.includes(email) || held++ > 0) return;
        await released; // the first attempt is accepted only after its worker is dead
      };
      const first = await startWorker({ env: env() });
      workers.push(first);
      await signUp(email);
      await pollUntil('the SMTP server holding the first attempt', () => held === 1, { timeoutMs: 15_000 });
      await first.kill();
      release(); // accepted: the server has it, the dead worker never recorded it
      await pollUntil('the first copy recorded', () => mailsTo(new Set([email])).length === 1);

      workers.push(await startWorker({ env: env() }));
      await pollUntil('the job run again by the second worker', () => mailsTo(new Set([email])).length === 2, { timeoutMs: 20_000 });
      const copies = mailsTo(new Set([email]));
      expect(copies.map((mail) => mail.parsed.messageId)).toEqual([copies[0]!.parsed.messageId, copies[0]!.parsed.messageId]);
      expect(copies[0]!.parsed.messageId).toMatch(/^<evt-[0-9a-f-]+@workers\.example\.com>$/);
    });

    it('SIGTERM lets the job in hand finish, then the worker exits 0', async () => {
      const email = `term-${randomBytes(3).toString('hex')}@example.com`;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held = false;
      hold = async (raw) => {
        if (!raw.includes(email)) return;
        held = true;
        await released;
      };
      const worker = await startWorker({ env: env() });
      workers.push(worker);
      await signUp(email);
      await pollUntil('the message held', () => held, { timeoutMs: 15_000 });
      worker.signal('SIGTERM');
      setTimeout(release, 300);
      const exit = await worker.exited;
      expect(exit.code).toBe(0);
      expect(mailsTo(new Set([email]))).toHaveLength(1);
      expect(worker.logs().some((line) => line.msg === 'mail sent')).toBe(true);
    });
  });
}
