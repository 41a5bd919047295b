export const BILLING_PERIODS = [
  'weekly',
  'monthly',
  'every_four_weeks',
  'every_three_months',
  'every_six_months',
  'yearly',
] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number];
export type PricePeriod = BillingPeriod | 'one_time';

export interface Price {
  billingPeriod: PricePeriod;
  amount: number;
  stripePriceId: string;
}

const ORDER: PricePeriod[] = ['one_time', ...BILLING_PERIODS];

/** Prices are listed shortest period first, as in the reference's examples (weekly, then monthly). */
export function sortPrices(prices: Price[]): Price[] {
  return [...prices].sort((a, b) => ORDER.indexOf(a.billingPeriod) - ORDER.indexOf(b.billingPeriod));
}
