import type { ErrorDetail } from '../../kernel/errors.ts';
import type { Coupon } from '../catalogue/coupon.ts';
import type { UnitType } from '../catalogue/unit-type.ts';
import type { Order, OrderLineItem } from './order.ts';

/** The reference's validation messages, word for word where it gives them. */
export const READINESS = {
  unitTypeLine: 'Line items must include at least one unit type line item',
  billingPeriod: 'Billing period must exist',
  contact: 'Contact must exist',
  startsAt: 'Starts at must exist',
  couponPeriod: 'Coupon must apply to the billing period',
} as const;

/**
 * What stands between a draft and finalizing it. Pure: the caller loads the unit types named by the
 * unit_type lines and the coupon. Empty means ready.
 */
export function readinessProblems(
  order: Order,
  lines: OrderLineItem[],
  unitTypes: UnitType[],
  coupon: Coupon | null,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!order.contactId) problems.push({ message: READINESS.contact, pointer: '/contact' });
  const unitLines = lines.filter((l) => l.type === 'unit_type');
  if (!unitLines.length) problems.push({ message: READINESS.unitTypeLine, pointer: '/line_items' });
  // The period must be one every booked unit type is priced for.
  const byId = new Map(unitTypes.map((u) => [u.id, u]));
  const offered = (l: OrderLineItem) =>
    byId.get(l.itemId)?.prices.some((p) => p.billingPeriod === order.billingPeriod) ?? false;
  if (!order.billingPeriod || !unitLines.every(offered))
    problems.push({ message: READINESS.billingPeriod, pointer: '/billing_period' });
  if (!order.startsAt && !order.startsNow) problems.push({ message: READINESS.startsAt, pointer: '/starts_at' });
  if (coupon?.billingPeriod && order.billingPeriod && coupon.billingPeriod !== order.billingPeriod) {
    problems.push({ message: READINESS.couponPeriod, pointer: '/coupon' });
  }
  return problems;
}
