import type { BillingPeriod } from '../catalogue/price.ts';

const MONTHS: Partial<Record<BillingPeriod, number>> = {
  monthly: 1,
  every_three_months: 3,
  every_six_months: 6,
  yearly: 12,
};
const DAYS: Partial<Record<BillingPeriod, number>> = { weekly: 7, every_four_weeks: 28 };

/**
 * The end of the billing period that starts at `start` (UTC calendar). Month-based periods keep the
 * day of month and clamp to the month's last day, as card billing does: 31 Jan + 1 month = 28/29 Feb.
 */
export function periodEnd(start: Date, period: BillingPeriod): Date {
  const days = DAYS[period];
  if (days) return new Date(start.getTime() + days * 86_400_000);
  const months = MONTHS[period]!;
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(start.getTime());
  d.setUTCFullYear(y, m, Math.min(start.getUTCDate(), lastDay));
  return d;
}
