import { RateLimiterMemory, type RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** The part of rate-limiter-flexible's limiter API the adapters use (same names, same results). */
export interface Limiter {
  /** Adds points; resolves with the counter, or rejects with a RateLimiterRes once it is over the limit. */
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  /** Takes points back. */
  reward(key: string, points?: number): Promise<RateLimiterRes>;
  /** Forgets the key. */
  delete(key: string): Promise<boolean>;
}

/**
 * Redis counters with a warm in-process insurance. rate-limiter-flexible's own
 * `insuranceLimiter` sees traffic only once Redis has failed, so an outage
 * would start every count from zero. Here every count Redis answers is copied
 * into the memory limiter, which takes over while Redis does not answer. When
 * Redis answers again for a key counted meanwhile, it is raised to the larger
 * of its count plus the points it missed (Redis was only unreachable) and this
 * instance's own count (Redis restarted empty). So an outage never gives this
 * instance more attempts than the limit.
 */
export class InsuredRedisLimiter implements Limiter {
  /** Per key counted in memory while Redis was away: the points that surely never reached Redis. */
  private readonly owed: RateLimiterMemory;

  constructor(
    private readonly redis: RateLimiterRedis,
    private readonly insurance: RateLimiterMemory,
    /** Whether the connection is up, so that a command sent now can reach Redis. */
    private readonly connected: () => boolean,
  ) {
    this.owed = new RateLimiterMemory({ keyPrefix: `${insurance.keyPrefix}:owed`, points: 1, duration: insurance.duration });
  }

  async consume(key: string, points = 1): Promise<RateLimiterRes> {
    const res = await this.change(key, points);
    // rate-limiter-flexible's rule (without blocks): refused once more points are consumed than the limit has.
    if (res.consumedPoints > this.insurance.points) throw res;
    return res;
  }

  reward(key: string, points = 1): Promise<RateLimiterRes> {
    return this.change(key, -points);
  }

  async delete(key: string): Promise<boolean> {
    const [inRedis] = await Promise.all([this.redis.delete(key).catch(() => false), this.insurance.delete(key)]);
    return inRedis;
  }

  /** Adds `points` (negative: takes them back) in Redis, mirrored in memory; in memory alone while Redis does not answer. */
  private async change(key: string, points: number): Promise<RateLimiterRes> {
    const sentConnected = this.connected();
    let res: RateLimiterRes;
    try {
      res = await this.inRedis(key, points);
    } catch {
      // Refused without a connection, the points never reached Redis; a command that timed out may
      // have been applied, so it owes nothing, but the key is still checked against memory later.
      await this.owed.penalty(key, sentConnected ? 0 : points);
      return this.insurance.penalty(key, points);
    }
    const owed = await this.owed.get(key);
    // delete() says whether the key was there, so of concurrent calls only one catches up.
    if (owed && (await this.owed.delete(key))) {
      const known = await this.insurance.get(key);
      const target = Math.max(res.consumedPoints + owed.consumedPoints, (known?.consumedPoints ?? 0) + points);
      if (target > res.consumedPoints) res = await this.catchUp(key, res, target, owed.consumedPoints);
    }
    await this.insurance.set(key, res.consumedPoints, res.msBeforeNext > 0 ? res.msBeforeNext / 1000 : this.insurance.duration);
    return res;
  }

  /** Raises Redis from `res` to `target`; if Redis fails again, memory holds `target` and the debt stays. */
  private async catchUp(key: string, res: RateLimiterRes, target: number, owed: number): Promise<RateLimiterRes> {
    const sentConnected = this.connected();
    try {
      return await this.inRedis(key, target - res.consumedPoints);
    } catch {
      await this.owed.penalty(key, sentConnected ? 0 : owed);
      return new RateLimiterRes(Math.max(this.insurance.points - target, 0), res.msBeforeNext, target, false);
    }
  }

  private inRedis(key: string, points: number): Promise<RateLimiterRes> {
    return points >= 0 ? this.redis.penalty(key, points) : this.redis.reward(key, -points);
  }
}
