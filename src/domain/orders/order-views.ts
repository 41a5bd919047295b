import { notFound } from '../../kernel/errors.ts';
import type { Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import type { Coupon } from '../catalogue/coupon.ts';
import { chargeTypeOf, priceOrder, type PricingCoupon } from '../pricing/order-pricing.ts';
import type { LineItemView, Order, OrderLineItem, PricedOrderView } from './order.ts';

export function pricingCoupon(c: Coupon | undefined): PricingCoupon | null {
  return c ? { type: c.type, percent: c.percent, amount: c.amount, autoApplyTo: c.autoApplyTo } : null;
}

/**
 * Orders with their lines, priced: the site's tax rates, the order's coupon and each product's charge type
 * are read in one query each, however many orders there are.
 */
export async function viewsOf(tx: Tx, operatorId: string, orders: Order[]): Promise<PricedOrderView[]> {
  if (!orders.length) return [];
  const lines = await repo.lineItemsOf(
    tx,
    operatorId,
    orders.map((o) => o.id),
  );
  const [sites, coupons, products] = await Promise.all([
    findSites(tx, operatorId, [...new Set(orders.map((o) => o.siteId))]),
    findCoupons(tx, operatorId, [...new Set(orders.map((o) => o.couponId).filter((x): x is string => !!x))]),
    findProducts(tx, operatorId, [...new Set(lines.filter((l) => l.type === 'product').map((l) => l.itemId))]),
  ]);
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const couponById = new Map(coupons.map((c) => [c.id, c]));
  const productCharge = new Map(products.map((p) => [p.id, p.chargeType]));
  const linesByOrder = new Map<string, OrderLineItem[]>();
  for (const l of lines) linesByOrder.set(l.orderId, [...(linesByOrder.get(l.orderId) ?? []), l]);
  return orders.map((order) => {
    const own = linesByOrder.get(order.id) ?? [];
    const pricing = priceOrder({
      lines: own.map((l) => ({
        id: l.id,
        type: l.type,
        chargeType: chargeTypeOf(l.type, l.type === 'product' ? productCharge.get(l.itemId) : undefined),
        quantity: l.quantity,
        unitAmount: l.unitAmount,
      })),
      taxRates: siteById.get(order.siteId)?.taxRates ?? {},
      coupon: pricingCoupon(order.couponId ? couponById.get(order.couponId) : undefined),
    });
    return { order, lines: own, pricing, pricedLines: new Map(pricing.lines.map((p) => [p.id, p])) };
  });
}

export async function viewOf(tx: Tx, operatorId: string, order: Order): Promise<PricedOrderView> {
  return (await viewsOf(tx, operatorId, [order]))[0];
}

/** One line of `order`, priced in the context of its whole order; 404 when the order has no such line. */
export async function lineViewOf(tx: Tx, operatorId: string, order: Order, lineId: string): Promise<LineItemView> {
  const view = await viewOf(tx, operatorId, order);
  const line = view.lines.find((l) => l.id === lineId) ?? notFound('line_item', lineId);
  return { line, priced: view.pricedLines.get(line.id)! };
}

/** Line items priced in the context of their whole order (a subscription coupon spreads over every line). */
export async function lineViewsOf(tx: Tx, operatorId: string, lines: OrderLineItem[]): Promise<LineItemView[]> {
  const orders = await repo.findOrders(tx, operatorId, [...new Set(lines.map((l) => l.orderId))]);
  const views = await viewsOf(tx, operatorId, orders);
  const priced = new Map(views.flatMap((v) => [...v.pricedLines]));
  return lines.filter((l) => priced.has(l.id)).map((line) => ({ line, priced: priced.get(line.id)! }));
}
