import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openCliSession } from '../../../src/config/cli-session.js';
import { PermanentJobError } from '../../../src/core/jobs/job.js';
import { BullmqQueue } from '../../../src/data/queue/bullmq-queue.js';
import { runCli } from '../../../src/entry-points/cli/run-cli.js';
import { describeWith, redisUrl } from '../../operations/services.js';
import { pollUntil } from '../../support/server-process.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SETTINGS = {
  retry: { attempts: 1, backoffMs: 100, jitter: 0 },
  retention: { completed: { ageMs: 3_600_000, count: 100 }, failed: { ageMs: 3_600_000, count: 100 } },
  closeTimeoutMs: 5_000,
};

/** The CLI as `npm run cli` runs it (openCliSession reads the environment given), stdout and stderr captured. */
async function cli(argv: string[], env: Record<string, string>, queue?: { prefix: string }) {
  let stdout = '';
  let stderr = '';
  const status = await runCli(
    argv,
    { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) },
    () => openCliSession({ env: { NODE_ENV: 'test', DB_TYPE: 'memory', ...env }, queue }),
  );
  return { status, stdout, stderr, out: stdout ? JSON.parse(stdout) : undefined, err: stderr.startsWith('{') ? JSON.parse(stderr) : undefined };
}

describeWith(['redis'], 'CLI jobs on the queue on Redis', () => {
  const prefix = `test-cli-jobs-${randomBytes(6).toString('hex')}`;
  const admin = new Redis(redisUrl, { lazyConnect: true });
  const worker = new BullmqQueue({ url: redisUrl, prefix, ...SETTINGS });
  let healed = false;
  const runs: string[] = [];
  worker.consume(async (job) => {
    runs.push(job.id);
    if (!healed) throw new PermanentJobError(`no mailbox for ${job.id}`);
  });

  afterAll(async () => {
    await worker.close();
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    admin.disconnect();
  });

  const env = () => ({ REDIS_URL: redisUrl });

  it('lists a job that failed permanently, then retries it and it runs again', async () => {
    const id = `event-${randomBytes(4).toString('hex')}`;
    await worker.enqueue({ id, name: 'send-welcome-email', data: { userId: 'u1' } });
    await pollUntil('the job to fail', async () => (await worker.failed()).some((job) => job.id === id));

    const listed = await cli(['jobs', 'failed'], env(), { prefix });
    expect(listed.status, listed.stderr).toBe(0);
    expect(Object.keys(listed.out)).toEqual(['failed']);
    const [entry] = listed.out.failed;
    expect(entry).toEqual({ id, name: 'send-welcome-email', attemptsMade: 1, reason: `no mailbox for ${id}`, failedAt: expect.stringMatching(ISO_DATE) });

    healed = true;
    const retried = await cli(['jobs', 'retry', id], env(), { prefix });
    expect(retried.status, retried.stderr).toBe(0);
    expect(retried.out).toEqual({ retried: id });
    await pollUntil('the retried job to run', () => runs.filter((run) => run === id).length === 2);
    await pollUntil('the failed set to be empty', async () => (await worker.counts()).failed === 0);
    expect((await cli(['jobs', 'failed'], env(), { prefix })).out).toEqual({ failed: [] });
  });

  it('lists at most --first jobs', async () => {
    healed = false;
    const ids = [`first-a-${Date.now()}`, `first-b-${Date.now()}`];
    for (const id of ids) await worker.enqueue({ id, name: 'n', data: null });
    await pollUntil('both jobs to fail', async () => (await worker.counts()).failed >= 2);
    const run = await cli(['jobs', 'failed', '--first', '1'], env(), { prefix });
    expect(run.status, run.stderr).toBe(0);
    expect(run.out.failed).toHaveLength(1);
  });

  it('refuses --first 0 with BAD_USER_INPUT on first, exit 1', async () => {
    const run = await cli(['jobs', 'failed', '--first', '0'], env(), { prefix });
    expect(run.status).toBe(1);
    expect(run.err.error).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'first', message: expect.any(String) }] });
  });

  it('answers NOT_FOUND, exit 1, for an id not in the failed set', async () => {
    const run = await cli(['jobs', 'retry', 'no-such-job'], env(), { prefix });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.err.error.code).toBe('NOT_FOUND');
  });
});

describe('CLI jobs without REDIS_URL', () => {
  it.each([['failed'], ['retry', 'some-id']])('jobs %s fails with SERVICE_UNAVAILABLE: the queue lives in the API process', async (...command) => {
    const run = await cli(['jobs', ...command], {});
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.err.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(run.err.error.message).toMatch(/in-process, inside the API process/);
  });
});
