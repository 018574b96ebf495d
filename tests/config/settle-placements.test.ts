import { afterEach, describe, expect, it, vi } from 'vitest';
import { SETTLEMENT, startSettlingPlacements } from '../../src/config/settle-placements.js';
import { createMemoryStore } from '../../src/data/memory/memory-store.js';
import { startTestServer } from '../support/test-server.js';

const NOW = new Date('2026-05-01T10:00:00.000Z');

function recordingLogger() {
  const lines: { level: 'info' | 'error'; obj: object; msg: string }[] = [];
  return {
    lines,
    info: (obj: object, msg: string) => void lines.push({ level: 'info', obj, msg }),
    error: (obj: object, msg: string) => void lines.push({ level: 'error', obj, msg }),
  };
}

describe('settling unfinished placements', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles once at start-up, then every 15 s, placements older than 30 s', async () => {
    vi.useFakeTimers({ now: NOW });
    const settleUnfinished = vi.fn(async (_olderThan: Date) => 0);
    const logger = recordingLogger();
    const settlement = startSettlingPlacements({ settleUnfinished }, logger as never, { clock: () => new Date() });
    expect(settleUnfinished).toHaveBeenCalledTimes(1);
    expect(settleUnfinished.mock.calls[0]![0]).toEqual(new Date(NOW.getTime() - SETTLEMENT.graceMs));
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs);
    expect(settleUnfinished).toHaveBeenCalledTimes(2);
    expect(settleUnfinished.mock.calls[1]![0]).toEqual(new Date(NOW.getTime() + SETTLEMENT.everyMs - SETTLEMENT.graceMs));
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs * 2);
    expect(settleUnfinished).toHaveBeenCalledTimes(4);
    expect(logger.lines).toEqual([]);
    await settlement.stop();
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs * 4);
    expect(settleUnfinished).toHaveBeenCalledTimes(4);
  });

  it('logs how many it settled when there were some, and a failure without stopping', async () => {
    vi.useFakeTimers({ now: NOW });
    const answers: (() => Promise<number>)[] = [async () => 3, async () => Promise.reject(new Error('store down')), async () => 0];
    const settleUnfinished = vi.fn(() => answers.shift()!());
    const logger = recordingLogger();
    const settlement = startSettlingPlacements({ settleUnfinished }, logger as never);
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs * 2);
    await settlement.stop();
    expect(settleUnfinished).toHaveBeenCalledTimes(3);
    expect(logger.lines.map(({ level, obj }) => [level, obj])).toEqual([
      ['info', { settled: 3 }],
      ['error', { err: expect.objectContaining({ message: 'store down' }) }],
    ]);
  });

  it('never starts a round while the previous one is still running', async () => {
    vi.useFakeTimers({ now: NOW });
    let finish: (count: number) => void = () => {};
    const settleUnfinished = vi.fn(() => new Promise<number>((resolve) => (finish = resolve)));
    const settlement = startSettlingPlacements({ settleUnfinished }, recordingLogger() as never);
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs * 3);
    expect(settleUnfinished).toHaveBeenCalledTimes(1);
    finish(0);
    await vi.advanceTimersByTimeAsync(SETTLEMENT.everyMs);
    expect(settleUnfinished).toHaveBeenCalledTimes(2);
    finish(0);
    await settlement.stop();
  });

  it('runs in the server from start-up and stops with it', async () => {
    const store = createMemoryStore();
    const settleUnfinished = vi.spyOn(store.orders, 'settleUnfinished');
    const before = Date.now();
    const server = await startTestServer({ store, reset: async () => store.clear(), dispose: () => store.close() });
    await server.close();
    expect(settleUnfinished).toHaveBeenCalledTimes(1);
    const olderThan = settleUnfinished.mock.calls[0]![0].getTime();
    expect(olderThan).toBeGreaterThanOrEqual(before - SETTLEMENT.graceMs);
    expect(olderThan).toBeLessThanOrEqual(Date.now() - SETTLEMENT.graceMs);
  });
});
