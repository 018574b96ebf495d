import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import type { RunningJob } from '../../../src/core/jobs/job.js';
import { BullmqQueue } from '../../../src/data/queue/bullmq-queue.js';
import { describeWith, redisUrl } from '../../operations/services.js';
import { pollUntil } from '../../support/server-process.js';
import { TEST_SETTINGS } from './queue-contract.js';

/**
 * A worker process killed (SIGKILL) with a job in hand: its lock is never
 * released nor renewed, so once it runs out another worker's stalled-job
 * check puts the job back and that worker runs it. BullMQ's lock and check
 * intervals (30 s each by default) are shortened here to LOCK_MS.
 */

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'stalling-worker-child.ts');
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const LOCK_MS = 1_000;

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** The worker child, and the lines it has printed so far. */
function startWorkerChild(prefix: string) {
  const child = spawn(process.execPath, ['--import', '@oxc-node/core/register', CHILD, redisUrl, prefix, String(LOCK_MS)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  let stderr = '';
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => (children.delete(child), resolve(signal))));
  return { child, lines, stderr: () => stderr, exited };
}

describeWith(['redis'], 'a BullMQ worker killed, or closed past its deadline, mid-job', () => {
  const admin = new Redis(redisUrl, { lazyConnect: true });
  afterAll(() => admin.disconnect());

  async function dispose(prefix: string): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await admin.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  it('gives up the job in hand at the close deadline, and another worker runs it once the lock runs out', { timeout: 30_000 }, async () => {
    const prefix = `test-queue-${randomBytes(6).toString('hex')}`;
    const settings = { url: redisUrl, prefix, ...TEST_SETTINGS, lockDurationMs: LOCK_MS, stalledIntervalMs: LOCK_MS / 2 };
    const leaving = new BullmqQueue(settings);
    const staying = new BullmqQueue(settings);
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    try {
      const started: string[] = [];
      leaving.consume(async (job) => {
        started.push(job.id);
        await stuck;
      });
      await leaving.enqueue({ id: 'evt-slow', name: 'export', data: null });
      await pollUntil('the job to start', () => started.length === 1);
      expect(await leaving.close({ timeoutMs: 200 })).toEqual({ timedOut: true });
      const seen: RunningJob[] = [];
      staying.consume(async (job) => void seen.push(job));
      await pollUntil('the other worker to run the job', () => seen.length === 1, { timeoutMs: 10 * LOCK_MS });
      expect(seen[0]).toMatchObject({ id: 'evt-slow', attempt: 1 });
    } finally {
      release();
      await staying.close({ timeoutMs: 1_000 });
      await leaving.close({ timeoutMs: 1_000 });
      await dispose(prefix);
    }
  });

  it('has its job run again by another worker once its lock runs out', { timeout: 30_000 }, async () => {
    const prefix = `test-queue-${randomBytes(6).toString('hex')}`;
    const settings = { url: redisUrl, prefix, ...TEST_SETTINGS, lockDurationMs: LOCK_MS, stalledIntervalMs: LOCK_MS / 2 };
    const producer = new BullmqQueue(settings);
    let survivor: BullmqQueue | undefined;
    try {
      const worker = startWorkerChild(prefix);
      await pollUntil('the child worker to be ready', () => worker.lines.includes('ready') || (worker.child.exitCode !== null && Promise.reject(new Error(worker.stderr()))), {
        timeoutMs: 20_000,
      });
      await producer.enqueue({ id: 'evt-crash', name: 'send-email', data: { to: 'ada@example.com' } });
      await pollUntil('the child to start the job', () => worker.lines.includes('started evt-crash 1'), { timeoutMs: 10_000 });
      expect((await producer.counts()).active).toBe(1);

      worker.child.kill('SIGKILL');
      expect(await worker.exited).toBe('SIGKILL');
      const killedAt = performance.now();

      survivor = new BullmqQueue(settings);
      const seen: { job: RunningJob; at: number }[] = [];
      survivor.consume(async (job) => void seen.push({ job, at: performance.now() }));
      await pollUntil('the survivor to run the job', () => seen.length > 0, { timeoutMs: 10 * LOCK_MS });
      expect(seen[0]!.job).toEqual({ id: 'evt-crash', name: 'send-email', data: { to: 'ada@example.com' }, attempt: 1 });
      // Not before the dead worker's lock ran out: renewed every LOCK_MS / 2, it had at least that left at the kill.
      expect(seen[0]!.at - killedAt).toBeGreaterThanOrEqual(LOCK_MS / 2 - 50);
      console.info(`job re-run ${Math.round(seen[0]!.at - killedAt)} ms after the kill (lock ${LOCK_MS} ms)`);
      await pollUntil('the queue to be empty', async () => {
        const counts = await producer.counts();
        return counts.active === 0 && counts.waiting === 0 && counts.failed === 0;
      });
    } finally {
      await survivor?.close({ timeoutMs: 1_000 });
      await producer.close({ timeoutMs: 1_000 });
      await dispose(prefix);
    }
  });
});
