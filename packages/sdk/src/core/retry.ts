// When a failed attempt may be sent again, and after how long. Pure, so the policy is table-tested.

export interface RetryPolicy {
  maxRetries: number;
  /** A 429 asking to wait longer than this is thrown instead of waited out. */
  maxDelayMs: number;
  baseDelayMs: number;
  random: () => number;
  now: () => number;
}

export type Outcome = { kind: 'status'; status: number; headers: Headers } | { kind: 'network' };

/**
 * Idempotent means repeating it cannot apply it twice: the HTTP-idempotent methods, and POST because every POST
 * carries an Idempotency-Key (the server replays the first answer). PATCH is the exception.
 */
export function isIdempotent(method: string, hasIdempotencyKey: boolean): boolean {
  return ['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'].includes(method) || (method === 'POST' && hasIdempotencyKey);
}

/** The delay before the next attempt, or null to stop: 429 always (it was not processed), network and 5xx only when idempotent, 4xx never. */
export function retryDelay(outcome: Outcome, attempt: number, idempotent: boolean, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxRetries) return null;
  if (outcome.kind === 'network') return idempotent ? backoff(attempt, policy) : null;
  if (outcome.status === 429) {
    const wait = rateLimitWait(outcome.headers, policy.now());
    const delay = wait === undefined ? backoff(attempt, policy) : wait + Math.floor(policy.random() * 250);
    return delay > policy.maxDelayMs ? null : delay;
  }
  if (outcome.status >= 500 && idempotent) return backoff(attempt, policy);
  return null;
}

/** Exponential backoff with jitter: between half and all of base·2^attempt, capped at 8 s. */
export function backoff(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'random'>): number {
  const ceiling = Math.min(8_000, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/**
 * Milliseconds a 429 asks us to wait: `Retry-After` (seconds or HTTP date), else `RateLimit-Reset` — epoch seconds
 * on Stora and Lockyard, delta seconds in the IETF draft; values above 10^9 are read as epoch.
 */
export function rateLimitWait(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - nowMs);
  }
  const reset = Number(headers.get('ratelimit-reset'));
  if (headers.get('ratelimit-reset') && Number.isFinite(reset))
    return Math.max(0, reset > 1e9 ? reset * 1000 - nowMs : reset * 1000);
  return undefined;
}
