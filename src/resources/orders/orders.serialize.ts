import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';
import type { Order, PricedOrderView } from '../../domain/orders/order.ts';

/** The hosted checkout page of a finalized order on this server. */
export function paymentUrl(env: { publicUrl: string }, order: Order): string | null {
  return order.checkoutToken && order.status !== 'draft' ? `${env.publicUrl}/checkout/${order.checkoutToken}` : null;
}

/** "now" is echoed back (as the reference's update example does) until the order completes and the start is known. */
function startsAt(order: Order): string | null {
  if (order.startsNow && order.status !== 'completed') return 'now';
  return isoSeconds(order.startsAt);
}

export function serializeOrder(env: RenderEnv, { order, lines, pricing }: PricedOrderView) {
  const m = (amount: number) => money(amount, env.operator.currency);
  const t = pricing.totals;
  return {
    id: order.id,
    billing_period: order.billingPeriod,
    contact: ref(order.contactId),
    contract_template: ref(order.contractTemplateId),
    coupon: ref(order.couponId),
    created_at: isoSeconds(order.createdAt),
    email_notifications: {
      booking_confirmation: order.emails.bookingConfirmation,
      move_in_day: order.emails.moveInDay,
    },
    line_items: lines.map((l) => ({ id: l.id })),
    metadata: order.metadata,
    one_time_total: m(t.oneTimeTotal),
    one_time_total_excluding_tax: m(t.oneTimeTotalExcludingTax),
    payment_method: order.paymentMethod,
    payment_url: paymentUrl(env, order),
    purchase_order_number: order.purchaseOrderNumber,
    site: { id: order.siteId },
    source: order.source,
    starts_at: startsAt(order),
    status: order.status,
    subscription: ref(order.subscriptionId),
    subtotal: m(t.subtotal),
    tax: m(t.tax),
    tenancy: ref(order.tenancyId),
    total: m(t.total),
    total_discount: m(t.totalDiscount),
    total_excluding_tax: m(t.totalExcludingTax),
    updated_at: isoSeconds(order.updatedAt),
  };
}
