import type { Price } from '../../domain/catalogue/price.ts';
import { money } from '../../kernel/money.ts';

/** An unexpanded relation: `{id}`, or null when there is none. */
export function ref(id: string | null | undefined): { id: string } | null {
  return id ? { id } : null;
}

export function serializePrices(prices: Price[], currency: string) {
  return prices.map((p) => ({
    billing_period: p.billingPeriod,
    price: money(p.amount, currency),
    stripe_price_id: p.stripePriceId,
  }));
}

/** JSONB hands keys back in its own order; the wire wants them alphabetical, as in the reference. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeysDeep((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}
