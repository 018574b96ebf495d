import { scrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../src/core/shared/errors.js';
import { ConcurrencyLimit } from '../../../src/data/security/concurrency-limit.js';

/** Real work on libuv's thread pool: a cheap scrypt. */
const work = (): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt('password', 'salt', 64, { N: 2 ** 12, r: 8, p: 1 }, (e, key) => (e ? reject(e) : resolve(key))));

const limitOf = (maxRunning: number, maxWaiting: number) => new ConcurrencyLimit({ maxRunning, maxWaiting, retryAfterSeconds: 1, refusal: 'busy' });

/** Tasks that record, by themselves, how many of them run at once and the order they start in. */
function probe() {
  let now = 0;
  const seen = { max: 0, started: [] as number[] };
  const task = (id: number) => async () => {
    seen.started.push(id);
    seen.max = Math.max(seen.max, ++now);
    try {
      return await work();
    } finally {
      now--;
    }
  };
  return { seen, task };
}

describe('concurrency limit', () => {
  it('runs at most maxRunning tasks at once, and all of them in the end', async () => {
    const limit = limitOf(3, 20);
    const { seen, task } = probe();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => limit.run(task(i))));
    expect(results).toHaveLength(12);
    expect(seen.max).toBe(3);
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
  });

  it('starts waiting tasks in the order they arrived', async () => {
    const limit = limitOf(1, 10);
    const { seen, task } = probe();
    await Promise.all(Array.from({ length: 8 }, (_, i) => limit.run(task(i))));
    expect(seen.started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(seen.max).toBe(1);
  });

  it('refuses the task past a full queue at once with TooManyRequestsError and its retry-after, running it never', async () => {
    const limit = limitOf(2, 32);
    const { seen, task } = probe();
    let settled = 0;
    const accepted = Array.from({ length: 34 }, (_, i) => limit.run(task(i)).finally(() => settled++));
    expect([limit.running, limit.waiting]).toEqual([2, 32]);
    const refusal = await limit.run(task(99)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect((refusal as TooManyRequestsError).retryAfterSeconds).toBe(1);
    expect((refusal as TooManyRequestsError).message).toBe('busy');
    expect(settled, 'refused before any accepted task finished').toBe(0);
    await Promise.all(accepted);
    expect(seen.started).not.toContain(99);
    expect(seen.max).toBe(2);
  });

  it('accepts again once the queue has room', async () => {
    const limit = limitOf(1, 0);
    const first = limit.run(work);
    await expect(limit.run(work)).rejects.toBeInstanceOf(TooManyRequestsError);
    await first;
    await expect(limit.run(work)).resolves.toHaveLength(64);
  });

  it('frees the slot of a task that fails, asynchronously or by throwing at once', async () => {
    const limit = limitOf(1, 1);
    const failing = limit.run(() => Promise.reject(new Error('inside the task')));
    const waiting = limit.run(work);
    await expect(failing).rejects.toThrow('inside the task');
    await expect(waiting).resolves.toHaveLength(64);
    await expect(
      limit.run(() => {
        throw new Error('thrown at once');
      }),
    ).rejects.toThrow('thrown at once');
    expect([limit.running, limit.waiting]).toEqual([0, 0]);
    await expect(limit.run(work)).resolves.toHaveLength(64);
  });

  it.each([
    [0, 1],
    [Number.NaN, 1],
    [1, -1],
  ])('refuses maxRunning %s with maxWaiting %s', (maxRunning, maxWaiting) => {
    expect(() => limitOf(maxRunning, maxWaiting)).toThrow(RangeError);
  });
});
