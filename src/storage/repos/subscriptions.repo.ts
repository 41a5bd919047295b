import type { Subscription, SubscriptionLineItem } from '../../domain/billing/subscription.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toSubscription(r: Row<'subscriptions'>): Subscription {
  return {
    id: r.id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    siteId: r.site_id,
    tenancyId: r.tenancy_id,
    orderId: r.order_id,
    billingPeriod: r.billing_period as Subscription['billingPeriod'],
    paymentMethod: r.payment_method as Subscription['paymentMethod'],
    couponId: r.coupon_id,
    cancelled: r.cancelled,
    cancellationReason: r.cancellation_reason,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    currentPeriodStartsAt: r.current_period_starts_at,
    currentPeriodEndsAt: r.current_period_ends_at,
    stripeSubscriptionId: r.stripe_subscription_id,
    stripeSubscriptionScheduleId: r.stripe_subscription_schedule_id,
    lineItems: [],
    endedAt: r.ended_at ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withLines(tx: Handle, list: Subscription[]): Promise<Subscription[]> {
  if (!list.length) return list;
  const rows = await tx
    .selectFrom('subscription_line_items')
    .selectAll()
    .where(
      'subscription_id',
      'in',
      list.map((s) => s.id),
    )
    .orderBy('position', 'asc')
    .execute();
  const byId = new Map(list.map((s) => [s.id, s]));
  for (const r of rows) {
    byId.get(r.subscription_id)?.lineItems.push({
      type: r.type as SubscriptionLineItem['type'],
      itemId: r.item_id,
      price: r.price,
      quantity: r.quantity,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
  return list;
}

export async function insertSubscription(tx: Tx, s: Subscription): Promise<void> {
  await insertSubscriptions(tx, [s]);
}

/** Subscriptions and their lines in two multi-row statements. */
export async function insertSubscriptions(tx: Tx, list: Subscription[]): Promise<void> {
  if (!list.length) return;
  await tx
    .insertInto('subscriptions')
    .values(
      list.map((s) => ({
        id: s.id,
        operator_id: s.operatorId,
        contact_id: s.contactId,
        site_id: s.siteId,
        tenancy_id: s.tenancyId,
        order_id: s.orderId,
        billing_period: s.billingPeriod,
        payment_method: s.paymentMethod,
        coupon_id: s.couponId,
        cancelled: s.cancelled,
        cancellation_reason: s.cancellationReason,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        current_period_starts_at: s.currentPeriodStartsAt,
        current_period_ends_at: s.currentPeriodEndsAt,
        stripe_subscription_id: s.stripeSubscriptionId,
        stripe_subscription_schedule_id: s.stripeSubscriptionScheduleId,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })),
    )
    .execute();
  const lines = list.flatMap((s) =>
    s.lineItems.map((l: SubscriptionLineItem, position) => ({
      subscription_id: s.id,
      position,
      type: l.type,
      item_id: l.itemId,
      price: l.price,
      quantity: l.quantity,
      created_at: l.createdAt,
      updated_at: l.updatedAt,
    })),
  );
  if (lines.length) await tx.insertInto('subscription_line_items').values(lines).execute();
}

export async function findSubscriptions(tx: Handle, operatorId: string, ids: string[]): Promise<Subscription[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('subscriptions')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withLines(tx, rows.map(toSubscription));
}

export async function listSubscriptions(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { contactIds?: string[] },
): Promise<PageOf<Subscription>> {
  let qb = tx
    .selectFrom('subscriptions')
    .selectAll('subscriptions')
    .where('subscriptions.operator_id', '=', operatorId);
  if (filter.contactIds) qb = qb.where('subscriptions.contact_id', 'in', filter.contactIds);
  const res = await paginate(qb, page, { created_at: 'subscriptions.created_at' }, toSubscription, 'subscriptions');
  await withLines(tx, res.items);
  return res;
}

export async function markSubscriptionStarted(tx: Tx, operatorId: string, id: string, at: Date): Promise<boolean> {
  const row = await tx
    .updateTable('subscriptions')
    .set({ started_at: at, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('started_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Moves to the next period only from the expected one: a repeated renewal step changes nothing. */
export async function advancePeriod(
  tx: Tx,
  operatorId: string,
  id: string,
  from: Date,
  next: { startsAt: Date; endsAt: Date },
  at: Date,
): Promise<boolean> {
  const row = await tx
    .updateTable('subscriptions')
    .set({ current_period_starts_at: next.startsAt, current_period_ends_at: next.endsAt, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('current_period_ends_at', '=', from)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Notice given: cancelled with its end date, once. */
export async function markCancelled(
  tx: Tx,
  operatorId: string,
  id: string,
  c: { reason: string | null; endsAt: Date; at: Date },
): Promise<boolean> {
  const row = await tx
    .updateTable('subscriptions')
    .set({ cancelled: true, cancellation_reason: c.reason, ends_at: c.endsAt, updated_at: c.at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('cancelled', '=', false)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function markSubscriptionEnded(tx: Tx, operatorId: string, id: string, at: Date): Promise<boolean> {
  const row = await tx
    .updateTable('subscriptions')
    .set({ ended_at: at, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('ended_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Subscriptions still running: the seed schedules their next renewal. */
export async function runningSubscriptions(
  tx: Tx,
  operatorId: string,
): Promise<Array<{ id: string; tenancyId: string; startsAt: Date; periodEndsAt: Date | null }>> {
  const rows = await tx
    .selectFrom('subscriptions')
    .select(['id', 'tenancy_id', 'starts_at', 'current_period_ends_at'])
    .where('operator_id', '=', operatorId)
    .where('cancelled', '=', false)
    .execute();
  return rows.map((r: any) => ({
    id: r.id,
    tenancyId: r.tenancy_id,
    startsAt: r.starts_at,
    periodEndsAt: r.current_period_ends_at,
  }));
}

/** Whether the contact still has a subscription that has not ended. */
export async function hasRunningSubscription(tx: Handle, operatorId: string, contactId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('subscriptions')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('contact_id', '=', contactId)
    .where('ended_at', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}
