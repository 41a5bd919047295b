import type { Handle } from './database.ts';

/**
 * Reads remembered for the life of one transaction (one Kysely `Transaction` object), for the few lookups every
 * event or lifecycle step repeats — which webhook endpoints and add-ons an operator has, its lifecycle settings — so
 * a batch of a hundred steps reads them once instead of hundreds of times. Only for tables the transaction itself
 * seldom writes: every repo function that writes one of them calls `forgetInTx` for its key in the same
 * transaction, so a write is seen by the next read. Another transaction's commit is seen from the next
 * transaction on, as it would be had every read happened at the first one (READ COMMITTED allows no more).
 * A read through the pool (not a transaction) is never remembered.
 */
/**
 * Catalogue rows a lifecycle batch prices every renewal from (sites, unit types with their prices, protection
 * levels, products, coupons): every repo function writing those tables forgets this prefix.
 */
export const CATALOGUE_MEMO = 'catalogue:';

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

export function memoInTx<T>(h: Handle, key: string, load: () => Promise<T>): Promise<T> {
  if (!h.isTransaction) return load();
  let m = memos.get(h);
  if (!m) memos.set(h, (m = new Map()));
  let p = m.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    m.set(key, p);
    // A failed read is not remembered (the statement may be retried after a savepoint rollback).
    p.catch(() => m.delete(key));
  }
  return p;
}

/** A write to what `key`'s prefix covers: the transaction reads it again next time. */
export function forgetInTx(h: Handle, keyPrefix: string): void {
  const m = memos.get(h);
  if (!m) return;
  for (const k of m.keys()) if (k.startsWith(keyPrefix)) m.delete(k);
}

/** A savepoint was rolled back: what was read since may be undone, so nothing remembered is trusted. */
export function forgetAllInTx(h: Handle): void {
  memos.delete(h);
}
