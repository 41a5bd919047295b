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
  /** On a refusal: whole seconds until a request would be admitted (the `Retry-After` header). */
  retryAfter?: number;
}

/**
 * Counts admitted requests per operator in a 1-second and a 1-minute fixed window. A refused request
 * spends nothing: a client that keeps knocking must not eat the budget it is waiting for.
 */
export interface RateLimiter {
  hit(operatorId: string, limits: RateLimits, nowMs: number): Promise<RateDecision>;
  close?(): Promise<void>;
}

/** Both windows' counts, before this request (`admitted` false) or including it (`admitted` true). */
function decide(
  limits: RateLimits,
  nowMs: number,
  admitted: boolean,
  perSecond: number,
  perMinute: number,
): RateDecision {
  const sec = { limit: limits.perSecond, count: perSecond, reset: Math.floor(nowMs / 1000) + 1 };
  const min = { limit: limits.perMinute, count: perMinute, reset: (Math.floor(nowMs / 60000) + 1) * 60 };
  if (!admitted) {
    // The request waits for every full window; report the one that frees up last.
    const full = [min, sec].filter((w) => w.count >= w.limit);
    const w = full[0] ?? min;
    return {
      allowed: false,
      limit: w.limit,
      remaining: 0,
      reset: w.reset,
      retryAfter: Math.max(1, Math.ceil((w.reset * 1000 - nowMs) / 1000)),
    };
  }
  const tightest = min.limit - min.count <= sec.limit - sec.count ? min : sec;
  return {
    allowed: true,
    limit: tightest.limit,
    remaining: Math.max(0, tightest.limit - tightest.count),
    reset: tightest.reset,
  };
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
    if (w.secCount >= limits.perSecond || w.minCount >= limits.perMinute)
      return decide(limits, nowMs, false, w.secCount, w.minCount);
    w.secCount++;
    w.minCount++;
    return decide(limits, nowMs, true, w.secCount, w.minCount);
  }
}

/**
 * Check-then-count in one script, so two processes cannot both take the last slot:
 * returns {admitted (0/1), second count, minute count}.
 */
const ADMIT = `
local s = tonumber(redis.call('GET', KEYS[1]) or '0')
local m = tonumber(redis.call('GET', KEYS[2]) or '0')
if s >= tonumber(ARGV[1]) or m >= tonumber(ARGV[2]) then return {0, s, m} end
s = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 2000)
m = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 61000)
return {1, s, m}`;

/** Same windows in Redis, so every API process of an operator spends one budget. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('lockyardAdmit', { numberOfKeys: 2, lua: ADMIT });
  }

  async hit(operatorId: string, limits: RateLimits, nowMs: number): Promise<RateDecision> {
    const secKey = `lockyard:rl:${operatorId}:s:${Math.floor(nowMs / 1000)}`;
    const minKey = `lockyard:rl:${operatorId}:m:${Math.floor(nowMs / 60000)}`;
    const admit = (
      this.redis as unknown as { lockyardAdmit(...args: Array<string | number>): Promise<[number, number, number]> }
    ).lockyardAdmit;
    const [admitted, perSecond, perMinute] = await admit.call(
      this.redis,
      secKey,
      minKey,
      limits.perSecond,
      limits.perMinute,
    );
    return decide(limits, nowMs, admitted === 1, Number(perSecond), Number(perMinute));
  }

  async close() {
    await this.redis.quit();
  }
}
