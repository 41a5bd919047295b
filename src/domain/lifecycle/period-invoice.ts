import { newId } from '../../kernel/ids.ts';
import type { Tx } from '../../storage/database.ts';
import * as invoices from '../../storage/repos/invoices.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import { findProtectionLevels } from '../../storage/repos/protection-levels.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { CATALOGUE_MEMO, memoInTx } from '../../storage/tx-memo.ts';
import type { OperatorContext } from '../context.ts';
import type { Coupon } from '../catalogue/coupon.ts';
import { invoiceNumber } from '../billing/invoice-number.ts';
import type { Invoice, InvoiceLineItem } from '../billing/invoice.ts';
import type { Subscription } from '../billing/subscription.ts';
import { priceOrder, type PricingLine } from '../pricing/order-pricing.ts';
import { periodEnd } from '../billing/billing-period.ts';
import { proratedPrice } from './proration.ts';

const PRICING_TYPE = { unit_type: 'unit_type', protection: 'protection', custom_product: 'product' } as const;

/** A coupon keeps discounting renewals while its duration lasts: forever, or `months` from the start. */
function couponApplies(coupon: Coupon | undefined, sub: Subscription, periodStart: Date): boolean {
  if (!coupon) return false;
  if (coupon.duration === 'forever') return true;
  if (coupon.duration === 'repeating' && coupon.months)
    return periodStart.getTime() < periodEnd(sub.startsAt, 'monthly').getTime() + (coupon.months - 1) * 31 * 86_400_000;
  return false;
}

/**
 * The subscription's invoice for one billing period, priced by the pricing module exactly as an order is (tax per
 * line type at the site's rates, the subscription's coupon while it lasts). With `share` (the final, shortened
 * period) each unit price is pro-rated first and the lines are marked `proration`. Written as `open`
 * (finalized), numbered in the operator's sequence.
 */
export async function writePeriodInvoice(
  tx: Tx,
  ctx: OperatorContext,
  sub: Subscription,
  period: { start: Date; end: Date },
  share: { usedDays: number; periodDays: number } | null,
): Promise<Invoice> {
  const op = ctx.operator.id;
  const now = ctx.now();
  // A batch renews many subscriptions of the same site and unit types: each catalogue row is read once per
  // transaction (read-only here; the repos writing these tables forget CATALOGUE_MEMO).
  const read = <T>(table: string, ids: string[], load: (ids: string[]) => Promise<T[]>): Promise<T[]> =>
    ids.length
      ? memoInTx(tx, `${CATALOGUE_MEMO}${table}:${op}:${ids.join(',')}`, () => load(ids))
      : Promise.resolve([]);
  const ids = (t: string) => sub.lineItems.filter((l) => l.type === t).map((l) => l.itemId);
  const [[site], unitTypes, levels, products, coupons] = await Promise.all([
    read('sites', [sub.siteId], (ids) => findSites(tx, op, ids)),
    read('unit_types', ids('unit_type'), (ids) => findUnitTypes(tx, op, ids)),
    read('protection_levels', ids('protection'), (ids) => findProtectionLevels(tx, op, ids)),
    read('products', ids('custom_product'), (ids) => findProducts(tx, op, ids)),
    read('coupons', sub.couponId ? [sub.couponId] : [], (ids) => findCoupons(tx, op, ids)),
  ]);
  const names = new Map<string, string>([
    ...unitTypes.map((u) => [u.id, u.name] as [string, string]),
    ...levels.map((l) => [l.id, 'Goods protection'] as [string, string]),
    ...products.map((p) => [p.id, p.name] as [string, string]),
  ]);
  const codes = new Map<string, string | null>([
    ...levels.map((l) => [l.id, l.accountCode] as [string, string | null]),
    ...products.map((p) => [p.id, p.accountingCode] as [string, string | null]),
  ]);
  const pricingLines: PricingLine[] = sub.lineItems.map((l, i) => ({
    id: String(i),
    type: PRICING_TYPE[l.type],
    chargeType: 'recurring',
    quantity: l.quantity,
    unitAmount: share ? proratedPrice(l.price, share) : l.price,
  }));
  const coupon = couponApplies(coupons[0], sub, period.start) ? coupons[0] : null;
  const priced = priceOrder({
    lines: pricingLines,
    taxRates: site?.taxRates ?? {},
    coupon: coupon
      ? { type: coupon.type, percent: coupon.percent, amount: coupon.amount, autoApplyTo: coupon.autoApplyTo }
      : null,
  });
  const lines: InvoiceLineItem[] = priced.lines.map((p, i) => {
    const l = sub.lineItems[i];
    const total = p.totalExcludingTax - p.discountTotal + p.tax;
    return {
      type: PRICING_TYPE[l.type],
      itemId: l.itemId,
      description: names.get(l.itemId) ?? l.itemId,
      accountingCode: codes.get(l.itemId) ?? null,
      quantity: p.quantity,
      price: p.price,
      discountTotal: p.discountTotal,
      tax: p.tax,
      total,
      totalExcludingTax: total - p.tax,
      proration: !!share,
    };
  });
  const total = lines.reduce((n, l) => n + l.total, 0);
  const invoice: Invoice = {
    id: newId('invoice'),
    operatorId: op,
    number: invoiceNumber(ctx.operator.slug, await invoices.nextInvoiceSequence(tx, op)),
    contactId: sub.contactId,
    siteId: sub.siteId,
    subscriptionId: sub.id,
    tenancyId: sub.tenancyId,
    orderId: sub.orderId,
    status: 'open',
    periodStart: period.start,
    periodEnd: period.end,
    purchaseOrderNumber: null,
    subtotal: lines.reduce((n, l) => n + l.price * l.quantity, 0),
    tax: lines.reduce((n, l) => n + l.tax, 0),
    total,
    amountDue: total,
    amountPaid: 0,
    prePaymentCreditNotesAmount: 0,
    postPaymentCreditNotesAmount: 0,
    lineItems: lines,
    finalizedAt: now,
    paidAt: null,
    voidedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await invoices.insertInvoice(tx, invoice);
  return invoice;
}
