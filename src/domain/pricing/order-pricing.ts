import type { ChargeType } from '../catalogue/product.ts';
import type { TaxRates } from '../catalogue/site.ts';
import { allocate, mulDivHalfUp } from './rounding.ts';

/**
 * Order pricing: tax per line-item type, one coupon, and the totals an order shows. Pure: no HTTP,
 * no storage, integer minor units in and out. The rounding rule is in docs/decisions/pricing.md.
 */

export const LINE_ITEM_TYPES = ['unit_type', 'protection', 'product', 'security_deposit'] as const;
export type LineItemType = (typeof LINE_ITEM_TYPES)[number];
export type { ChargeType, TaxRates };

export interface PricingLine {
  id: string;
  type: LineItemType;
  /** Products say which; unit types and protection are recurring, deposits one-off. */
  chargeType: ChargeType;
  quantity: number;
  /** Unit price in minor units. */
  unitAmount: number;
}

export interface PricingCoupon {
  type: 'percentage' | 'amount';
  /** Whole percent, for `percentage`. */
  percent: number | null;
  /** Minor units, for `amount`. */
  amount: number | null;
  autoApplyTo: { subscriptions: boolean; unit_types: boolean; protections: boolean; products: boolean };
}

export interface PricedLine {
  id: string;
  type: LineItemType;
  chargeType: ChargeType;
  quantity: number;
  /** Unit price. */
  price: number;
  /** price × quantity: before discount and before tax (the reference's line `total_excluding_tax`). */
  totalExcludingTax: number;
  discountTotal: number;
  /** Tax on the discounted amount. */
  tax: number;
  /** totalExcludingTax + tax (the reference shows line totals before the discount). */
  total: number;
}

export interface OrderTotals {
  /** Recurring charges before tax and discount. */
  subtotal: number;
  totalDiscount: number;
  /** Tax across every line, recurring and one-off. */
  tax: number;
  /** Recurring: subtotal − discount + recurring tax. */
  total: number;
  totalExcludingTax: number;
  oneTimeTotal: number;
  oneTimeTotalExcludingTax: number;
  /** The recurring tax alone (what is billed each period = total). */
  recurringTax: number;
  oneTimeTax: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  totals: OrderTotals;
  /** Where the coupon applied: the subscription, the matching lines, or nowhere. */
  couponLevel: 'subscription' | 'line_items' | null;
}

/** Unit types and protection recur; deposits are one-off; products say which. */
export function chargeTypeOf(type: LineItemType, productChargeType?: ChargeType): ChargeType {
  if (type === 'security_deposit') return 'one_time';
  if (type === 'product') return productChargeType ?? 'one_time';
  return 'recurring';
}

function taxRateOf(type: LineItemType, rates: TaxRates): number {
  // Security deposits are refundable and never taxed, whatever the site says.
  if (type === 'security_deposit') return 0;
  return Math.max(0, rates[type] ?? 0);
}

const LINE_FLAG: Record<LineItemType, keyof PricingCoupon['autoApplyTo'] | null> = {
  unit_type: 'unit_types',
  protection: 'protections',
  product: 'products',
  security_deposit: null,
};

/** Which level a coupon works at. Fixed amounts only ever apply to the subscription as a whole. */
export function couponLevel(coupon: PricingCoupon | null): PricedOrder['couponLevel'] {
  if (!coupon) return null;
  if (coupon.type === 'amount' || coupon.autoApplyTo.subscriptions) return 'subscription';
  const { unit_types, protections, products } = coupon.autoApplyTo;
  return unit_types || protections || products ? 'line_items' : null;
}

function discounts(lines: PricingLine[], gross: number[], coupon: PricingCoupon | null): number[] {
  const level = couponLevel(coupon);
  // One-off products and deposits are never discounted.
  const recurring = lines.map((l) => l.chargeType === 'recurring');
  if (!coupon || !level) return lines.map(() => 0);
  if (level === 'line_items') {
    const percent = Math.min(100, Math.max(0, coupon.percent ?? 0));
    return lines.map((l, i) => {
      const flag = LINE_FLAG[l.type];
      return recurring[i] && flag && coupon.autoApplyTo[flag] ? mulDivHalfUp(gross[i], percent, 100) : 0;
    });
  }
  const weights = gross.map((g, i) => (recurring[i] ? g : 0));
  const base = weights.reduce((s, w) => s + w, 0);
  const wanted =
    coupon.type === 'amount'
      ? Math.max(0, coupon.amount ?? 0)
      : mulDivHalfUp(base, Math.min(100, Math.max(0, coupon.percent ?? 0)), 100);
  return allocate(Math.min(wanted, base), weights);
}

export function priceOrder(input: {
  lines: PricingLine[];
  taxRates: TaxRates;
  coupon: PricingCoupon | null;
}): PricedOrder {
  const { lines, taxRates, coupon } = input;
  const gross = lines.map((l) => l.unitAmount * l.quantity);
  const discount = discounts(lines, gross, coupon);
  const priced: PricedLine[] = lines.map((l, i) => {
    const tax = mulDivHalfUp(gross[i] - discount[i], taxRateOf(l.type, taxRates), 10_000);
    return {
      id: l.id,
      type: l.type,
      chargeType: l.chargeType,
      quantity: l.quantity,
      price: l.unitAmount,
      totalExcludingTax: gross[i],
      discountTotal: discount[i],
      tax,
      total: gross[i] + tax,
    };
  });
  const sum = (pick: (l: PricedLine) => number, charge?: ChargeType) =>
    priced.filter((l) => !charge || l.chargeType === charge).reduce((s, l) => s + pick(l), 0);
  const subtotal = sum((l) => l.totalExcludingTax, 'recurring');
  const totalDiscount = sum((l) => l.discountTotal);
  const recurringTax = sum((l) => l.tax, 'recurring');
  const oneTimeTax = sum((l) => l.tax, 'one_time');
  const oneTimeTotalExcludingTax = sum((l) => l.totalExcludingTax, 'one_time');
  return {
    lines: priced,
    couponLevel: couponLevel(coupon),
    totals: {
      subtotal,
      totalDiscount,
      tax: recurringTax + oneTimeTax,
      totalExcludingTax: subtotal - totalDiscount,
      total: subtotal - totalDiscount + recurringTax,
      oneTimeTotal: oneTimeTotalExcludingTax + oneTimeTax,
      oneTimeTotalExcludingTax,
      recurringTax,
      oneTimeTax,
    },
  };
}
