import type { Price } from '../../domain/catalogue/price.ts';
import { money } from '../../kernel/money.ts';

/** An unexpanded relation: `{id}`, or null when there is none. */
export function ref(id: string | null | undefined): { id: string } | null {
  return id ? { id } : null;
}

export function serializePrices(prices: Price[], currency: string) {
  return prices.map((p) => ({ billing_period: p.billingPeriod, price: money(p.amount, currency), stripe_price_id: p.stripePriceId }));
}
