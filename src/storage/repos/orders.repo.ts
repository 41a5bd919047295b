import type { Order, OrderFilter, OrderLineItem } from '../../domain/orders/order.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

function toOrder(r: Row<'orders'>): Order {
  return {
    id: r.id,
    operatorId: r.operator_id,
    siteId: r.site_id,
    contactId: r.contact_id,
    billingPeriod: r.billing_period as Order['billingPeriod'],
    paymentMethod: r.payment_method as Order['paymentMethod'],
    startsAt: r.starts_at,
    startsNow: r.starts_now,
    couponId: r.coupon_id,
    contractTemplateId: r.contract_template_id,
    purchaseOrderNumber: r.purchase_order_number,
    emails: { bookingConfirmation: r.email_booking_confirmation, moveInDay: r.email_move_in_day },
    metadata: (r.metadata ?? {}) as Order['metadata'],
    source: r.source,
    status: r.status as Order['status'],
    checkoutToken: r.checkout_token,
    cancelRedirectUrl: r.cancel_redirect_url,
    tenancyId: r.tenancy_id,
    subscriptionId: r.subscription_id,
    finalizedAt: r.finalized_at,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toLine(r: Row<'order_line_items'>): OrderLineItem {
  return {
    id: r.id,
    operatorId: r.operator_id,
    orderId: r.order_id,
    type: r.type as OrderLineItem['type'],
    itemId: r.item_id,
    quantity: r.quantity,
    unitAmount: Number(r.unit_amount),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(o: Order) {
  return {
    site_id: o.siteId,
    contact_id: o.contactId,
    billing_period: o.billingPeriod,
    payment_method: o.paymentMethod,
    starts_at: o.startsAt,
    starts_now: o.startsNow,
    coupon_id: o.couponId,
    contract_template_id: o.contractTemplateId,
    purchase_order_number: o.purchaseOrderNumber,
    email_booking_confirmation: o.emails.bookingConfirmation,
    email_move_in_day: o.emails.moveInDay,
    metadata: JSON.stringify(o.metadata),
    source: o.source,
    updated_at: o.updatedAt,
  };
}

export async function insertOrder(tx: Tx, o: Order): Promise<void> {
  await tx
    .insertInto('orders')
    .values({ id: o.id, operator_id: o.operatorId, ...columns(o), status: o.status, created_at: o.createdAt })
    .execute();
}

/** Writes the editable fields, only while the order is still a draft; false when it no longer is. */
export async function updateDraftOrder(tx: Tx, o: Order): Promise<boolean> {
  const r = await tx
    .updateTable('orders')
    .set(columns(o))
    .where('id', '=', o.id)
    .where('operator_id', '=', o.operatorId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touchOrder(tx: Tx, operatorId: string, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('orders')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function findOrders(tx: Handle, operatorId: string, ids: string[]): Promise<Order[]> {
  if (!ids.length) return [];
  return (
    await tx.selectFrom('orders').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute()
  ).map(toOrder);
}

/** Row lock for the duration of the transaction: line-item and order writes on one order queue up. */
export async function lockOrder(tx: Tx, operatorId: string, id: string): Promise<Order | undefined> {
  const r = await tx
    .selectFrom('orders')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

export async function findOrderByCheckoutToken(tx: Handle, token: string): Promise<Order | undefined> {
  const r = await tx.selectFrom('orders').selectAll().where('checkout_token', '=', token).executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

export async function listOrders(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: OrderFilter,
  range: TimeRange,
): Promise<PageOf<Order>> {
  let qb = tx.selectFrom('orders').selectAll('orders').where('orders.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('orders.status', 'in', filter.statuses);
  if (filter.siteIds) qb = qb.where('orders.site_id', 'in', filter.siteIds);
  if (filter.contactIds) qb = qb.where('orders.contact_id', 'in', filter.contactIds);
  qb = whereTimeRange(qb, 'orders', range);
  return paginate(qb, page, { created_at: 'orders.created_at', updated_at: 'orders.updated_at' }, toOrder, 'orders');
}

export async function deleteOrder(tx: Tx, operatorId: string, id: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('orders')
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** draft → finalized, at most once. */
export async function markFinalized(
  tx: Tx,
  operatorId: string,
  id: string,
  f: { checkoutToken: string; cancelRedirectUrl: string; at: Date },
): Promise<boolean> {
  const r = await tx
    .updateTable('orders')
    .set({
      status: 'finalized',
      checkout_token: f.checkoutToken,
      cancel_redirect_url: f.cancelRedirectUrl,
      finalized_at: f.at,
      updated_at: f.at,
    })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * finalized → completed, exactly once: concurrent attempts queue on the row lock and the losers
 * find the status already changed, so they update nothing and get undefined.
 */
export async function markCompleted(tx: Tx, operatorId: string, id: string, at: Date): Promise<Order | undefined> {
  const r = await tx
    .updateTable('orders')
    .set({ status: 'completed', completed_at: at, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'finalized')
    .returningAll()
    .executeTakeFirst();
  return r ? toOrder(r) : undefined;
}

export async function setOrderRecords(
  tx: Tx,
  operatorId: string,
  id: string,
  r: { tenancyId: string | null; subscriptionId: string | null; startsAt: Date },
): Promise<void> {
  await tx
    .updateTable('orders')
    .set({ tenancy_id: r.tenancyId, subscription_id: r.subscriptionId, starts_at: r.startsAt })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function insertLineItems(tx: Tx, lines: OrderLineItem[]): Promise<void> {
  if (!lines.length) return;
  // One statement per line: `position` then follows the order given.
  for (const l of lines) {
    await tx
      .insertInto('order_line_items')
      .values({
        id: l.id,
        operator_id: l.operatorId,
        order_id: l.orderId,
        type: l.type,
        item_id: l.itemId,
        quantity: l.quantity,
        unit_amount: l.unitAmount,
        created_at: l.createdAt,
        updated_at: l.updatedAt,
      })
      .execute();
  }
}

export async function updateLineItem(tx: Tx, l: OrderLineItem): Promise<void> {
  await tx
    .updateTable('order_line_items')
    .set({ quantity: l.quantity, unit_amount: l.unitAmount, updated_at: l.updatedAt })
    .where('id', '=', l.id)
    .where('operator_id', '=', l.operatorId)
    .execute();
}

export async function deleteLineItem(tx: Tx, operatorId: string, orderId: string, id: string): Promise<void> {
  await tx
    .deleteFrom('order_line_items')
    .where('id', '=', id)
    .where('order_id', '=', orderId)
    .where('operator_id', '=', operatorId)
    .execute();
}

/** Lines of these orders, each order's in the order they were added. */
export async function lineItemsOf(tx: Handle, operatorId: string, orderIds: string[]): Promise<OrderLineItem[]> {
  if (!orderIds.length) return [];
  const rows = await tx
    .selectFrom('order_line_items')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('position')
    .execute();
  return rows.map(toLine);
}

export async function findLineItems(tx: Handle, operatorId: string, ids: string[]): Promise<OrderLineItem[]> {
  if (!ids.length) return [];
  return (
    await tx
      .selectFrom('order_line_items')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', 'in', ids)
      .execute()
  ).map(toLine);
}

/** Which operator an order belongs to (the CLI pays an order by id alone). */
export async function orderOperatorId(tx: Handle, id: string): Promise<string | undefined> {
  const r = await tx.selectFrom('orders').select('operator_id').where('id', '=', id).executeTakeFirst();
  return r?.operator_id;
}
