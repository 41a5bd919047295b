import { conflict, DomainError, notFound, type ErrorDetail } from '../../kernel/errors.ts';
import { randomToken } from '../../kernel/ids.ts';
import type { Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { Order, PricedOrderView } from './order.ts';
import { readinessProblems } from './order-readiness.ts';

/**
 * The order's life: a draft is edited (or deleted) until it is finalized with a checkout link; a finalized
 * order is completed once, with its booking records (order-completion.service.ts). Nothing moves backwards.
 */

/** The guide writes `ord_…` in URLs where the API's own ids are `order_…`: both name the same order. */
export function canonicalOrderId(id: string): string {
  return id.startsWith('ord_') ? `order_${id.slice(4)}` : id;
}

export function locked(order: Order): DomainError {
  return conflict(
    `The order '${order.id}' is ${order.status} and can no longer be changed. Create a new order instead.`,
  );
}

export function notReady(problems: ErrorDetail[]): DomainError {
  return new DomainError('invalid_content', 'The order is not ready to be finalized.', problems);
}

/** The operator's order (locked for update when it is about to change), or 404. */
export async function mustFind(tx: Tx, ctx: OperatorContext, id: string, forUpdate = false): Promise<Order> {
  const canonical = canonicalOrderId(id);
  const order = forUpdate
    ? await repo.lockOrder(tx, ctx.operator.id, canonical)
    : (await repo.findOrders(tx, ctx.operator.id, [canonical]))[0];
  return order ?? notFound('order', id);
}

/** The order, locked, if it is still a draft; 409 otherwise. */
export async function mustBeDraft(tx: Tx, ctx: OperatorContext, id: string): Promise<Order> {
  const order = await mustFind(tx, ctx, id, true);
  if (order.status !== 'draft') throw locked(order);
  return order;
}

/**
 * The same priced order after a status change. Pricing reads the lines, the site's tax rates, the coupon and
 * the products' charge types, none of which a transition changes: the figures are reused, not worked out again.
 */
export function withOrder(view: PricedOrderView, order: Order): PricedOrderView {
  return { ...view, order };
}

/** What stands between the draft and finalizing it (order-readiness.ts), with the records it needs loaded. */
export async function problemsOf(tx: Tx, ctx: OperatorContext, view: PricedOrderView): Promise<ErrorDetail[]> {
  const unitTypeIds = [...new Set(view.lines.filter((l) => l.type === 'unit_type').map((l) => l.itemId))];
  const [unitTypes, coupons] = await Promise.all([
    findUnitTypes(tx, ctx.operator.id, unitTypeIds),
    view.order.couponId ? findCoupons(tx, ctx.operator.id, [view.order.couponId]) : Promise.resolve([]),
  ]);
  return readinessProblems(view.order, view.lines, unitTypes, coupons[0] ?? null);
}

/** draft → finalized with a checkout link, announced as `order.finalized`. `view` is the draft, priced. */
export async function finalizeIn(
  tx: Tx,
  ctx: OperatorContext,
  events: EventsService,
  view: PricedOrderView,
  cancelRedirectUrl: string,
): Promise<PricedOrderView> {
  const problems = await problemsOf(tx, ctx, view);
  if (problems.length) throw notReady(problems);
  const ok = await repo.markFinalized(tx, ctx.operator.id, view.order.id, {
    checkoutToken: randomToken(24),
    cancelRedirectUrl,
    at: ctx.now(),
  });
  if (!ok) throw locked(view.order);
  const [finalized] = await repo.findOrders(tx, ctx.operator.id, [view.order.id]);
  const done = withOrder(view, finalized);
  await events.emit(tx, ctx, 'order.finalized', done);
  return done;
}
