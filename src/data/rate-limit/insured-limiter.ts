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
 * into the memory limiter, which takes over while Redis does not answer; when
 * Redis answers again for a key counted meanwhile, Redis is raised to what this
 * instance knows (a restarted Redis has forgotten everything). So an outage
 * never gives this instance more attempts than the limit.
 */
export class InsuredRedisLimiter implements Limiter {
  /** Keys counted in memory alone while Redis was away, until Redis has caught up on them. */
  private readonly owed: RateLimiterMemory;

  constructor(
    private readonly redis: RateLimiterRedis,
    private readonly insurance: RateLimiterMemory,
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
    let res: RateLimiterRes;
    try {
      res = await this.inRedis(key, points);
    } catch {
      await this.owed.set(key, 1, this.insurance.duration);
      return this.insurance.penalty(key, points);
    }
    // delete() says whether the key was there, so of concurrent calls only one catches up.
    if (await this.owed.delete(key)) {
      const known = await this.insurance.get(key);
      const carried = (known?.consumedPoints ?? 0) + points;
      if (carried > res.consumedPoints) {
        const behind = res;
        res = await this.inRedis(key, carried - behind.consumedPoints).catch(async () => {
          await this.owed.set(key, 1, this.insurance.duration);
          return new RateLimiterRes(Math.max(this.insurance.points - carried, 0), behind.msBeforeNext, carried, false);
        });
      }
    }
    await this.insurance.set(key, res.consumedPoints, res.msBeforeNext > 0 ? res.msBeforeNext / 1000 : this.insurance.duration);
    return res;
  }

  private inRedis(key: string, points: number): Promise<RateLimiterRes> {
    return points >= 0 ? this.redis.penalty(key, points) : this.redis.reward(key, -points);
  }
}
