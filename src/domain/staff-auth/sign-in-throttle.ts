/**
 * Back-office sign-in throttling (docs/decisions/staff-sign-in.md). No hard lock: each counter of recent failures
 * earns a wait after its last failure that doubles with every further failure, up to a cap. Three counters:
 * - this address for this account: a user's own typos, or one attacker guessing one account;
 * - this address for any account: one attacker spraying many accounts;
 * - this account from anywhere: many addresses guessing one account. It does not apply at an address the user
 *   has signed in from before, so an attacker elsewhere cannot keep the real user out.
 * Security time: computed on real time, never on an operator's sandbox clock.
 */
export interface FailureCount {
  count: number;
  last: Date | null;
}

export interface SignInHistory {
  pair: FailureCount;
  address: FailureCount;
  account: FailureCount;
  /** The account has signed in successfully from this address before. */
  knownAddress: boolean;
}

interface Backoff {
  /** Failures allowed before any wait. */
  free: number;
  firstWaitMs: number;
  maxWaitMs: number;
}

export const WINDOW_MS = 60 * 60_000;
export const PAIR: Backoff = { free: 5, firstWaitMs: 10_000, maxWaitMs: 15 * 60_000 };
export const ADDRESS: Backoff = { free: 20, firstWaitMs: 5_000, maxWaitMs: WINDOW_MS };
export const ACCOUNT: Backoff = { free: 10, firstWaitMs: 5_000, maxWaitMs: 15 * 60_000 };

function waitUntil(f: FailureCount, b: Backoff): number {
  if (f.count < b.free || !f.last) return 0;
  const wait = Math.min(b.firstWaitMs * 2 ** Math.min(f.count - b.free, 30), b.maxWaitMs);
  return f.last.getTime() + wait;
}

/** Milliseconds to wait before this attempt may be checked; 0: go ahead. */
export function signInWaitMs(h: SignInHistory, now: Date): number {
  const until = Math.max(
    waitUntil(h.pair, PAIR),
    waitUntil(h.address, ADDRESS),
    h.knownAddress ? 0 : waitUntil(h.account, ACCOUNT),
  );
  return Math.max(0, until - now.getTime());
}
