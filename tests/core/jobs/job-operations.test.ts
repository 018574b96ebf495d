import { afterEach, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../../src/core/auth/actor.js';
import { PermanentJobError } from '../../../src/core/jobs/job.js';
import { InProcessQueue } from '../../../src/data/queue/in-process-queue.js';
import { pollUntil } from '../../support/server-process.js';
import { createHarness, expectFailure } from '../use-case-harness.js';

const SETTINGS = {
  retry: { attempts: 2, backoffMs: 10, jitter: 0 },
  retention: { completed: { ageMs: 60_000, count: 100 }, failed: { ageMs: 60_000, count: 100 } },
};

const queues: InProcessQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

/** A harness over an in-process queue whose consumer fails permanently every job named 'fails' and completes the rest. */
function withQueue() {
  const jobs = new InProcessQueue(SETTINGS);
  queues.push(jobs);
  const runs: string[] = [];
  let failing = true;
  jobs.consume(async (job) => {
    runs.push(job.id);
    if (job.name === 'fails' && failing) throw new PermanentJobError(`cannot do ${job.id}`);
  });
  return { h: createHarness({ jobs }), jobs, runs, heal: () => void (failing = false) };
}

async function failedJobs(jobs: InProcessQueue, count: number) {
  return pollUntil(`${count} failed jobs`, async () => (await jobs.counts()).failed === count);
}

describe('jobs summary', () => {
  it('answers an ADMIN with the counts by state and the schedules', async () => {
    const { h, jobs } = withQueue();
    const { actor } = await h.aUser({ role: 'ADMIN' });
    await jobs.enqueue({ id: 'e1', name: 'fails', data: null });
    await failedJobs(jobs, 1);
    await jobs.schedule({ id: 'purge', name: 'purge-refresh-tokens', every: 3_600_000 });
    const summary = await h.jobsSummary.execute(actor);
    expect(summary).toEqual({
      waiting: 0,
      delayed: 0,
      active: 0,
      failed: 1,
      schedules: [{ id: 'purge', name: 'purge-refresh-tokens', every: 3_600_000, pattern: null, next: expect.any(Date) }],
    });
  });

  it('answers the operator too', async () => {
    const { h } = withQueue();
    expect(await h.jobsSummary.execute(OPERATOR)).toMatchObject({ waiting: 0, failed: 0, schedules: [] });
  });

  it('is FORBIDDEN for a USER and UNAUTHENTICATED without an actor', async () => {
    const { h } = withQueue();
    const { actor } = await h.aUser();
    await expectFailure(h.jobsSummary.execute(actor), 'FORBIDDEN');
    await expectFailure(h.jobsSummary.execute(null), 'UNAUTHENTICATED');
  });
});

describe('list failed jobs', () => {
  it('lists the failed set newest first, with why each failed', async () => {
    const { h, jobs } = withQueue();
    await jobs.enqueue({ id: 'first', name: 'fails', data: null });
    await failedJobs(jobs, 1);
    await jobs.enqueue({ id: 'second', name: 'fails', data: null });
    await jobs.enqueue({ id: 'fine', name: 'works', data: null });
    await failedJobs(jobs, 2);
    const failed = await h.listFailedJobs.execute({}, OPERATOR);
    expect(failed.map((job) => [job.id, job.name, job.attemptsMade, job.reason])).toEqual([
      ['second', 'fails', 1, 'cannot do second'],
      ['first', 'fails', 1, 'cannot do first'],
    ]);
    expect(failed[0]!.failedAt).toBeInstanceOf(Date);
  });

  it('lists at most `first` jobs, 20 unless told', async () => {
    const { h, jobs } = withQueue();
    for (let i = 0; i < 22; i++) await jobs.enqueue({ id: `job-${i}`, name: 'fails', data: null });
    await failedJobs(jobs, 22);
    expect(await h.listFailedJobs.execute({}, OPERATOR)).toHaveLength(20);
    expect(await h.listFailedJobs.execute({ first: 3 }, OPERATOR)).toHaveLength(3);
    expect(await h.listFailedJobs.execute({ first: 100 }, OPERATOR)).toHaveLength(22);
  });

  it.each([0, 101, 1.5, Number.NaN, '5'])('refuses first = %s with BAD_USER_INPUT on first', async (first) => {
    const { h } = withQueue();
    await expectFailure(h.listFailedJobs.execute({ first: first as number }, OPERATOR), 'BAD_USER_INPUT', ['first']);
  });

  it('is FORBIDDEN for a USER', async () => {
    const { h } = withQueue();
    const { actor } = await h.aUser();
    await expectFailure(h.listFailedJobs.execute({}, actor), 'FORBIDDEN');
  });
});

describe('retry failed job', () => {
  it('runs a failed job again and answers its id', async () => {
    const { h, jobs, runs, heal } = withQueue();
    await jobs.enqueue({ id: 'e1', name: 'fails', data: null });
    await failedJobs(jobs, 1);
    heal();
    expect(await h.retryFailedJob.execute('e1', OPERATOR)).toBe('e1');
    await pollUntil('the retried job to complete', async () => runs.length === 2 && (await jobs.counts()).failed === 0);
    expect(await h.listFailedJobs.execute({}, OPERATOR)).toEqual([]);
  });

  it('is NOT_FOUND for an id not in the failed set: unknown, or a job that completed', async () => {
    const { h, jobs, runs } = withQueue();
    await jobs.enqueue({ id: 'done', name: 'works', data: null });
    await pollUntil('the job to run', () => runs.length === 1);
    await expectFailure(h.retryFailedJob.execute('unknown', OPERATOR), 'NOT_FOUND');
    await expectFailure(h.retryFailedJob.execute('done', OPERATOR), 'NOT_FOUND');
  });

  it.each(['', 'x'.repeat(201)])('refuses the id %j with BAD_USER_INPUT on id', async (id) => {
    const { h } = withQueue();
    await expectFailure(h.retryFailedJob.execute(id, OPERATOR), 'BAD_USER_INPUT', ['id']);
  });

  it('is FORBIDDEN for a USER, and the job stays failed', async () => {
    const { h, jobs } = withQueue();
    const { actor } = await h.aUser();
    await jobs.enqueue({ id: 'e1', name: 'fails', data: null });
    await failedJobs(jobs, 1);
    await expectFailure(h.retryFailedJob.execute('e1', actor), 'FORBIDDEN');
    expect((await jobs.counts()).failed).toBe(1);
  });
});

describe('job operations without a queue in this process', () => {
  it('answer SERVICE_UNAVAILABLE saying where the queue is', async () => {
    const h = createHarness();
    for (const attempt of [h.jobsSummary.execute(OPERATOR), h.listFailedJobs.execute({}, OPERATOR), h.retryFailedJob.execute('e1', OPERATOR)]) {
      const error = await expectFailure(attempt, 'SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/no job queue in this process/i);
    }
  });
});
