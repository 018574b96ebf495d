import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PermanentJobError } from '../../../src/core/jobs/job.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { pollUntil } from '../../support/server-process.js';
import { createFileMailer } from '../../../src/data/mail/file-mailer.js';
import { describeEachStore, memoryStore } from '../../support/stores.js';
import { expectError, ISO_DATE, useRestApi } from './rest-harness.js';

const SETTINGS = {
  retry: { attempts: 1, backoffMs: 10, jitter: 0 },
  retention: { completed: { ageMs: 60_000, count: 100 }, failed: { ageMs: 60_000, count: 100 } },
};

describeEachStore('REST GET /api/admin/jobs', (fixture) => {
  const jobs = new InProcessQueue(SETTINGS);
  jobs.consume(async (job) => {
    throw new PermanentJobError(`cannot do ${job.id}`);
  });
  afterAll(() => jobs.close());
  const api = useRestApi(fixture, { jobs });

  it('answers an ADMIN with {"jobs"}: the counts by state and the schedules', async () => {
    const admin = await api.anAdmin();
    await jobs.enqueue({ id: `e-${Date.now()}`, name: 'send-welcome-email', data: null });
    await pollUntil('the job to fail', async () => (await jobs.counts()).failed === 1);
    await jobs.schedule({ id: 'purge-refresh-tokens', name: 'purge-refresh-tokens', every: 3_600_000 });

    const answer = await api.request('GET', '/api/admin/jobs', { token: admin.token });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({
      jobs: {
        waiting: 0,
        delayed: 0,
        active: 0,
        failed: 1,
        schedules: [{ id: 'purge-refresh-tokens', name: 'purge-refresh-tokens', every: 3_600_000, pattern: null, next: expect.stringMatching(ISO_DATE) }],
      },
    });
  });

  it('is 401 without a token', async () => {
    expectError(await api.request('GET', '/api/admin/jobs'), 401, 'UNAUTHENTICATED');
  });

  it('is 403 for a USER', async () => {
    const { token } = await api.aUser();
    expectError(await api.request('GET', '/api/admin/jobs', { token }), 403, 'FORBIDDEN');
  });

  it('refuses a query parameter with 400', async () => {
    const admin = await api.anAdmin();
    expectError(await api.request('GET', '/api/admin/jobs?state=failed', { token: admin.token }), 400, 'BAD_USER_INPUT', ['state']);
  });
});

describeEachStore(
  'REST GET /api/admin/jobs on the queue the server opens itself',
  (fixture) => {
    const api = useRestApi(fixture, { worker: { mailer: createFileMailer({ directory: mkdtempSync(join(tmpdir(), 'admin-jobs-mail-')), from: 'a@example.com' }) } });

    it('shows the in-process queue (no REDIS_URL) with the schedules its worker declared', async () => {
      const admin = await api.anAdmin();
      const answer = await pollUntil('the three schedules', async () => {
        const read = await api.request('GET', '/api/admin/jobs', { token: admin.token });
        return read.status === 200 && read.body.jobs.schedules.length === 3 ? read : undefined;
      });
      expect(answer.body.jobs).toMatchObject({ failed: 0 });
      expect(answer.body.jobs.schedules.map((schedule: { id: string }) => schedule.id).sort()).toEqual([
        'purge-refresh-tokens',
        'purge-sent-events',
        'settle-placements',
      ]);
    });
  },
  [memoryStore],
);
