import { mulDivHalfUp } from '../pricing/rounding.ts';

const DAY_MS = 86_400_000;

/**
 * The pro-ration rule (docs/decisions/lifecycle.md): a stay that ends inside a billing period pays for the days it
 * used, a begun day counting as used; the period's length is its own number of days (28 to 31 for a month).
 */
export function usedShare(periodStart: Date, periodEnd: Date, endsAt: Date): { usedDays: number; periodDays: number } {
  const periodDays = Math.max(1, Math.round((periodEnd.getTime() - periodStart.getTime()) / DAY_MS));
  const used = Math.ceil((endsAt.getTime() - periodStart.getTime()) / DAY_MS);
  return { usedDays: Math.min(periodDays, Math.max(0, used)), periodDays };
}

/** The pro-rated unit price: round half up of price × used ÷ period days (tax is computed afterwards). */
export function proratedPrice(price: number, share: { usedDays: number; periodDays: number }): number {
  return mulDivHalfUp(price, share.usedDays, share.periodDays);
}
