import type { Redis } from 'ioredis';

export interface RateLimits {
  perSecond: number;
  perMinute: number;
}

export interface RateDecision {
  allowed: boolean;
  /** The window that is closest to its limit (or the one exceeded). */
  limit: number;
  remaining: number;
  /** Epoch seconds when that window resets. */
  reset: number;
}

/** Counts requests per operator in a 1-second and a 1-minute fixed window. */
export interface RateLimiter {
  hit(operatorId: string, limits: RateLimits, nowMs: number): Promise<RateDecision>;
  close?(): Promise<void>;
}

function decide(limits: RateLimits, nowMs: number, perSecond: number, perMinute: number): RateDecision {
  const secReset = Math.floor(nowMs / 1000) + 1;
  const minReset = (Math.floor(nowMs / 60000) + 1) * 60;
  const sec = { limit: limits.perSecond, remaining: limits.perSecond - perSecond, reset: secReset };
  const min = { limit: limits.perMinute, remaining: limits.perMinute - perMinute, reset: minReset };
  const exceeded = [min, sec].find((w) => w.remaining < 0);
  if (exceeded) return { allowed: false, limit: exceeded.limit, remaining: 0, reset: exceeded.reset };
  const tightest = min.remaining <= sec.remaining ? min : sec;
  return { allowed: true, ...tightest };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { sec: number; secCount: number; min: number; minCount: number }>();

  async hit(operatorId: string, limits: RateLimits, nowMs: number): Promise<RateDecision> {
    const sec = Math.floor(nowMs / 1000);
    const min = Math.floor(nowMs / 60000);
    let w = this.windows.get(operatorId);
    if (!w) this.windows.set(operatorId, (w = { sec, secCount: 0, min, minCount: 0 }));
    if (w.sec !== sec) Object.assign(w, { sec, secCount: 0 });
    if (w.min !== min) Object.assign(w, { min, minCount: 0 });
    w.secCount++;
    w.minCount++;
    return decide(limits, nowMs, w.secCount, w.minCount);
  }
}

/** Same windows in Redis, so every API process of an operator spends one budget. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {}

  async hit(operatorId: string, limits: RateLimits, nowMs: number): Promise<RateDecision> {
    const secKey = `lockyard:rl:${operatorId}:s:${Math.floor(nowMs / 1000)}`;
    const minKey = `lockyard:rl:${operatorId}:m:${Math.floor(nowMs / 60000)}`;
    const res = await this.redis.multi().incr(secKey).pexpire(secKey, 2000).incr(minKey).pexpire(minKey, 61000).exec();
    const perSecond = Number(res?.[0]?.[1] ?? 0);
    const perMinute = Number(res?.[2]?.[1] ?? 0);
    return decide(limits, nowMs, perSecond, perMinute);
  }

  async close() {
    await this.redis.quit();
  }
}
