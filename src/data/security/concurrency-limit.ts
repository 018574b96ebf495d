import { TooManyRequestsError } from '../../core/shared/errors.js';

export interface ConcurrencyLimitOptions {
  /** Tasks running at once. */
  maxRunning: number;
  /** Tasks allowed to wait for a slot; the next one is refused. */
  maxWaiting: number;
  /** What a refusal tells the client: seconds to wait, and why. */
  retryAfterSeconds: number;
  refusal: string;
}

/**
 * A counting semaphore with a bounded, first-come first-served wait queue.
 * Past the queue it refuses at once with TooManyRequestsError instead of
 * letting the backlog (and every caller's wait) grow without limit.
 */
export class ConcurrencyLimit {
  private active = 0;
  /** Resolvers of the waiting tasks, oldest first; each is handed a slot directly. */
  private readonly queue: (() => void)[] = [];

  constructor(private readonly options: ConcurrencyLimitOptions) {
    const { maxRunning, maxWaiting } = options;
    if (!(maxRunning >= 1) || !(maxWaiting >= 0)) {
      throw new RangeError(`ConcurrencyLimit needs maxRunning >= 1 and maxWaiting >= 0 (got ${maxRunning}, ${maxWaiting})`);
    }
  }

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.options.maxRunning) {
      this.active++;
    } else if (this.queue.length < this.options.maxWaiting) {
      // The slot is passed on by release() without being counted free in between,
      // so a newcomer cannot overtake the queue.
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      throw new TooManyRequestsError(this.options.retryAfterSeconds, this.options.refusal);
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active--;
  }
}
