import { conflict } from '../../kernel/errors.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { attachPaymentMethods } from '../../storage/repos/payment-methods.repo.ts';
import { newId } from '../../kernel/ids.ts';
import type { NewPaymentMethod } from '../lifecycle/payment-method.ts';
import { systemPrincipal, type OperatorContext } from '../context.ts';
import type { ContextsService } from '../operators/contexts.service.ts';
import type { EventsService } from '../events/events.service.ts';
import type { BookingRecordsInput, BookingRecords } from '../billing/create-booking-records.ts';
import type { PricedOrderView } from './order.ts';
import { viewOf } from './order-views.ts';
import { resolveItem } from './order-items.ts';
import { canonicalOrderId, mustFind, withOrder } from './order-state.ts';

/** What completing an order needs from billing (src/domain/billing/create-booking-records.ts). */
export interface BookingRecordsPort {
  createBookingRecords(tx: Tx, ctx: OperatorContext, input: BookingRecordsInput): Promise<BookingRecords>;
}

export interface CheckoutView {
  ctx: OperatorContext;
  view: PricedOrderView;
  /** Line id → what the customer reads. */
  names: Map<string, string>;
  siteName: string;
  contactEmail: string | null;
  contactName: string | null;
}

/** Completion: a finalized order paid (hosted checkout, sandbox pay, CLI) becomes its tenancy and subscription. */
export function orderCompletionService(deps: {
  db: Db;
  contexts: ContextsService;
  events: EventsService;
  billing: BookingRecordsPort;
}) {
  const { db, events, billing } = deps;

  /** The booking records' lines: each order line with the figures its order's pricing gave it. */
  async function bookingLines(
    tx: Tx,
    ctx: OperatorContext,
    view: PricedOrderView,
  ): Promise<BookingRecordsInput['lines']> {
    const lines: BookingRecordsInput['lines'] = [];
    for (const l of view.lines) {
      const p = view.pricedLines.get(l.id)!;
      const item = await resolveItem(tx, ctx.operator, view.order.siteId, l.type, l.itemId, '/item/id');
      lines.push({
        lineItemId: l.id,
        type: l.type,
        itemId: l.itemId,
        name: item.name,
        chargeType: p.chargeType,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        discount: p.discountTotal,
        tax: p.tax,
        total: p.totalExcludingTax - p.discountTotal + p.tax,
      });
    }
    return lines;
  }

  return {
    /**
     * finalized → completed, exactly once however many attempts race (the conditional update in
     * markCompleted); the booking records and every event commit with it. A repeat on a completed order
     * returns it with `completedNow: false`.
     */
    /**
     * `paidWith`, the card or mandate that paid, goes on file in the same transaction as the booking records, so
     * the subscription's first collection (a move-in due at once) always finds it, and a crash keeps both or neither.
     */
    complete: (
      ctx: OperatorContext,
      id: string,
      paidWith?: NewPaymentMethod,
    ): Promise<{ view: PricedOrderView; completedNow: boolean }> =>
      withTransaction(db, async (tx) => {
        const now = ctx.now();
        const canonical = canonicalOrderId(id);
        const order = await repo.markCompleted(tx, ctx.operator.id, canonical, now);
        if (!order) {
          const current = await mustFind(tx, ctx, id);
          if (current.status === 'completed')
            return { view: await viewOf(tx, ctx.operator.id, current), completedNow: false };
          throw conflict(`The order '${current.id}' is ${current.status}; only a finalized order can be completed.`);
        }
        const view = await viewOf(tx, ctx.operator.id, order);
        if (paidWith && order.contactId)
          await attachPaymentMethods(tx, [
            {
              id: newId('paymentMethod'),
              operatorId: ctx.operator.id,
              contactId: order.contactId,
              ...paidWith,
              createdAt: now,
            },
          ]);
        const startsAt = order.startsNow || !order.startsAt ? now : order.startsAt;
        const unitLine = view.lines.find((l) => l.type === 'unit_type')!;
        const records = await billing.createBookingRecords(tx, ctx, {
          orderId: order.id,
          contactId: order.contactId!,
          siteId: order.siteId,
          unitTypeId: unitLine.itemId,
          startsAt,
          billingPeriod: order.billingPeriod!,
          paymentMethod: order.paymentMethod,
          couponId: order.couponId,
          contractTemplateId: order.contractTemplateId,
          purchaseOrderNumber: order.purchaseOrderNumber,
          lines: await bookingLines(tx, ctx, view),
        });
        await repo.setOrderRecords(tx, ctx.operator.id, order.id, {
          tenancyId: records.tenancyId,
          subscriptionId: records.subscriptionId,
          startsAt,
        });
        const [completed] = await repo.findOrders(tx, ctx.operator.id, [order.id]);
        const done = withOrder(view, completed);
        await events.emit(tx, ctx, 'order.completed', done);
        return { view: done, completedNow: true };
      }),

    /**
     * The hosted checkout finds its order by the token in the payment URL, with no API token; it also gets
     * what the page shows: the site, the contact's email and each line's display name.
     */
    async byCheckoutToken(token: string): Promise<CheckoutView | null> {
      return withTransaction(db, async (tx) => {
        const order = await repo.findOrderByCheckoutToken(tx, token);
        if (!order) return null;
        // The operator's clock comes from storage: paying after a restart stamps records in operator time.
        const ctx = await deps.contexts.contextFor(order.operatorId, systemPrincipal('checkout'), tx);
        const { operator } = ctx;
        const view = await viewOf(tx, operator.id, order);
        const names = new Map<string, string>();
        for (const l of view.lines) {
          const item = await resolveItem(tx, operator, order.siteId, l.type, l.itemId, '/item/id').catch(() => ({
            name: l.itemId,
          }));
          names.set(l.id, l.type === 'security_deposit' ? `Security deposit for ${item.name}` : item.name);
        }
        const [site] = await findSites(tx, operator.id, [order.siteId]);
        const [contact] = order.contactId ? await findContacts(tx, operator.id, [order.contactId]) : [];
        return {
          ctx,
          view,
          names,
          siteName: site?.name ?? '',
          contactEmail: contact?.email ?? null,
          contactName: contact?.fullName ?? null,
        };
      });
    },
  };
}
