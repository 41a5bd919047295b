import { conflict, invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as tenancies from '../../storage/repos/tenancies.repo.ts';
import * as units from '../../storage/repos/units.repo.ts';
import * as subscriptions from '../../storage/repos/subscriptions.repo.ts';
import * as invoices from '../../storage/repos/invoices.repo.ts';
import { attachPaymentMethods, findPaymentMethod } from '../../storage/repos/payment-methods.repo.ts';
import { findLifecycleSettings } from '../../storage/repos/lifecycle-settings.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { EventOf } from '../events/event-map.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { UnitActionsService } from '../catalogue/unit-actions.service.ts';
import type { EmailsService } from '../email/emails.service.ts';
import type { Invoice } from '../billing/invoice.ts';
import type { Subscription } from '../billing/subscription.ts';
import { issueCreditNote } from '../billing/issue-credit-note.ts';
import { maybeChurned } from '../contacts/contact-standing.ts';
import { periodEnd } from '../billing/billing-period.ts';
import { mulDivHalfUp } from '../pricing/rounding.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { LIFECYCLE_JOB, type LifecycleStep } from './lifecycle-step.ts';
import { localHourOn } from './local-time.ts';
import { usedShare } from './proration.ts';
import { writePeriodInvoice } from './period-invoice.ts';
import { attachableCard, type PaymentMethodOnFile } from './payment-method.ts';

const DAY_MS = 86_400_000;
/** Move-in day starts at this hour, site time. */
export const MOVE_IN_HOUR = 6;

/**
 * The rental lifecycle on the operator clock (docs/decisions/lifecycle.md): move-in, each period's invoice and its
 * collection, dunning, overlock for arrears, notice and move-out. Every step runs inside the transaction it is
 * given, is idempotent (each write is conditional on the state it expects) and schedules its successors as jobs in
 * that same transaction.
 */
export function lifecycleService(deps: {
  db: Db;
  events: EventsService;
  jobs: JobsService;
  unitActions: UnitActionsService;
  /** The customer is told when a collection fails (payment_failed email, in the same transaction). */
  emails?: Pick<EmailsService, 'paymentFailed'>;
  /**
   * Collection by something other than the card on file (the operator's billing add-on, billing-collection.ts):
   * true when it took this attempt over; it settles later through `collectionFailedIn` or by paying.
   */
  collectElsewhere?: (
    tx: Tx,
    ctx: OperatorContext,
    inv: Invoice,
    attempt: number,
    firstFailedAt: Date | null,
  ) => Promise<boolean>;
}) {
  const { db, events, jobs, unitActions, emails } = deps;
  const op = (ctx: OperatorContext) => ctx.operator.id;

  /**
   * Steps become jobs due at their operator time (machine time = operator time − the operator's stored sandbox
   * offset, loaded with the context by contexts.contextFor).
   */
  async function schedule(tx: Tx, ctx: OperatorContext, steps: LifecycleStep[]): Promise<void> {
    const offset = ctx.operator.clockOffsetMs;
    await jobs.enqueue(
      tx,
      steps.map((s) => ({
        kind: LIFECYCLE_JOB,
        operatorId: op(ctx),
        payload: s as unknown as Record<string, unknown>,
        runAt: new Date(Date.parse(s.at) - offset),
        clockOffsetMs: offset,
      })),
    );
  }

  const iso = (d: Date) => d.toISOString();

  async function emitInvoice(tx: Tx, ctx: OperatorContext, type: EventOf<Invoice>, id: string) {
    const [inv] = await invoices.findInvoices(tx, op(ctx), [id]);
    await events.emit(tx, ctx, type, inv);
    return inv;
  }

  /** Overlocks that arrears caused are lifted once nothing is overdue past the threshold. */
  async function clearOverlock(tx: Tx, ctx: OperatorContext, contactId: string) {
    // Nearly every payment is by a contact with nothing overlocked: one indexed probe instead of the arrears count.
    if (!(await units.contactHasUnitsIn(tx, op(ctx), contactId, 'overlock'))) return;
    const settings = await findLifecycleSettings(tx, op(ctx));
    const dueBy = new Date(ctx.now().getTime() - (settings.overlockAfterDays ?? 0) * DAY_MS);
    if ((await invoices.countOverdue(tx, op(ctx), contactId, dueBy)) === 0)
      await unitActions.removeOverlockContactIn(tx, ctx, contactId);
  }

  function attachMethod(
    ctx: OperatorContext,
    contactId: string,
    m: Pick<PaymentMethodOnFile, 'brand' | 'last4' | 'behaviour'>,
  ): Promise<PaymentMethodOnFile> {
    return withTransaction(db, async (tx) => {
      if (!(await findContacts(tx, op(ctx), [contactId])).length) notFound('contact', contactId);
      const method: PaymentMethodOnFile = {
        id: newId('paymentMethod'),
        operatorId: op(ctx),
        contactId,
        ...m,
        createdAt: ctx.now(),
      };
      await attachPaymentMethods(tx, [method]);
      return method;
    });
  }

  /** Charges the card on file: paid (`invoice.paid`) or not. Sandbox cards decide. */
  async function charge(tx: Tx, ctx: OperatorContext, inv: Invoice): Promise<boolean> {
    const card = await findPaymentMethod(tx, op(ctx), inv.contactId);
    await invoices.countPaymentAttempt(tx, op(ctx), inv.id);
    if (card?.behaviour !== 'succeeds') return false;
    const now = ctx.now();
    const paid = await invoices.transitionInvoiceRead(
      tx,
      op(ctx),
      inv.id,
      ['open', 'uncollectible'],
      { status: 'paid', amountPaid: inv.total - inv.prePaymentCreditNotesAmount, paidAt: now, at: now },
      inv.lineItems,
    );
    if (!paid) return true;
    await events.emit(tx, ctx, 'invoice.paid', paid);
    await clearOverlock(tx, ctx, inv.contactId);
    return true;
  }

  /** One collection attempt; a failure schedules the next retry, the overlock, or ends `uncollectible`. */
  async function collect(tx: Tx, ctx: OperatorContext, inv: Invoice, attempt: number, firstFailedAt: Date | null) {
    if (inv.status !== 'open') return;
    if (await deps.collectElsewhere?.(tx, ctx, inv, attempt, firstFailedAt)) return;
    if (await charge(tx, ctx, inv)) return;
    await collectionFailed(tx, ctx, inv, attempt, firstFailedAt);
  }

  /** A failed attempt: the customer is told; the next retry, the overlock, or `uncollectible` after the last. */
  async function collectionFailed(
    tx: Tx,
    ctx: OperatorContext,
    inv: Invoice,
    attempt: number,
    firstFailedAt: Date | null,
  ) {
    await emails?.paymentFailed(tx, ctx, inv);
    const now = ctx.now();
    const settings = await findLifecycleSettings(tx, op(ctx));
    const first = firstFailedAt ?? now;
    const next: LifecycleStep[] = [];
    if (attempt === 0 && settings.overlockAfterDays !== null) {
      next.push({
        step: 'overlock',
        invoice_id: inv.id,
        at: iso(new Date((inv.finalizedAt ?? now).getTime() + settings.overlockAfterDays * DAY_MS)),
      });
    }
    if (attempt < settings.dunningRetryDays.length) {
      next.push({
        step: 'collect',
        invoice_id: inv.id,
        attempt: attempt + 1,
        first_failed_at: iso(first),
        at: iso(new Date(first.getTime() + settings.dunningRetryDays[attempt] * DAY_MS)),
      });
    } else if (await invoices.transitionInvoice(tx, op(ctx), inv.id, ['open'], { status: 'uncollectible', at: now })) {
      await emitInvoice(tx, ctx, 'invoice.marked_uncollectible', inv.id);
    }
    await schedule(tx, ctx, next);
  }

  async function subscriptionOf(tx: Tx, ctx: OperatorContext, id: string | null): Promise<Subscription | undefined> {
    return id ? (await subscriptions.findSubscriptions(tx, op(ctx), [id]))[0] : undefined;
  }

  /** The next renewal, unless notice ends the subscription by then. */
  function renewalOf(sub: Subscription): LifecycleStep[] {
    const end = sub.currentPeriodEndsAt;
    if (!end || (sub.endsAt && sub.endsAt.getTime() <= end.getTime())) return [];
    return [{ step: 'renew', subscription_id: sub.id, at: iso(end) }];
  }

  async function moveIn(tx: Tx, ctx: OperatorContext, tenancyId: string) {
    const [tenancy] = await tenancies.findTenancies(tx, op(ctx), [tenancyId]);
    if (!tenancy) return;
    const now = ctx.now();
    if (await tenancies.markTenancyStarted(tx, op(ctx), tenancy.id, now)) {
      await events.emit(tx, ctx, 'tenancy.started', (await tenancies.findTenancies(tx, op(ctx), [tenancy.id]))[0]);
    }
    const sub = await subscriptionOf(tx, ctx, tenancy.subscriptionId);
    if (sub && (await subscriptions.markSubscriptionStarted(tx, op(ctx), sub.id, now))) {
      await events.emit(
        tx,
        ctx,
        'subscription.started',
        (await subscriptions.findSubscriptions(tx, op(ctx), [sub.id]))[0],
      );
    }
    await unitActions.occupyTenancyIn(tx, ctx, tenancy);
    if (!sub) return;
    const first = await invoices.findPeriodInvoice(tx, op(ctx), sub.id, sub.startsAt);
    if (
      first?.status === 'draft' &&
      (await invoices.transitionInvoice(tx, op(ctx), first.id, ['draft'], {
        status: 'open',
        finalizedAt: now,
        at: now,
      }))
    ) {
      first.status = 'open';
      first.finalizedAt = now;
      await emitInvoice(tx, ctx, 'invoice.finalized', first.id);
    }
    if (first) await collect(tx, ctx, first, 0, null);
    await schedule(tx, ctx, renewalOf(sub));
  }

  async function renew(tx: Tx, ctx: OperatorContext, subscriptionId: string, at: Date) {
    const sub = await subscriptionOf(tx, ctx, subscriptionId);
    if (!sub || sub.currentPeriodEndsAt?.getTime() !== at.getTime()) return;
    if (sub.endsAt && sub.endsAt.getTime() <= at.getTime()) return;
    const next = { start: at, end: periodEnd(at, sub.billingPeriod) };
    if (
      !(await subscriptions.advancePeriod(
        tx,
        op(ctx),
        sub.id,
        at,
        { startsAt: next.start, endsAt: next.end },
        ctx.now(),
      ))
    )
      return;
    const final =
      sub.endsAt && sub.endsAt.getTime() < next.end.getTime() ? usedShare(next.start, next.end, sub.endsAt) : null;
    // Written finalized: both events show the invoice exactly as it was written (every column of it is in
    // `inv`; reading it back gave the same object).
    const inv = await writePeriodInvoice(tx, ctx, sub, next, final);
    await events.emit(tx, ctx, 'invoice.created', inv);
    await events.emit(tx, ctx, 'invoice.finalized', inv);
    await collect(tx, ctx, inv, 0, null);
    await schedule(tx, ctx, renewalOf({ ...sub, currentPeriodStartsAt: next.start, currentPeriodEndsAt: next.end }));
  }

  /** Move-out: ended, units deallocated when the operator says so, unused paid days credited back. */
  async function end(tx: Tx, ctx: OperatorContext, subscriptionId: string) {
    const sub = await subscriptionOf(tx, ctx, subscriptionId);
    if (!sub || !(await subscriptions.markSubscriptionEnded(tx, op(ctx), sub.id, ctx.now()))) return;
    await events.emit(tx, ctx, 'subscription.ended', (await subscriptions.findSubscriptions(tx, op(ctx), [sub.id]))[0]);
    await maybeChurned(tx, ctx, events, sub.contactId);
    const settings = await findLifecycleSettings(tx, op(ctx));
    if (settings.autoDeallocation) await unitActions.deallocateTenancyIn(tx, ctx, sub.tenancyId);
    const inv = await invoices.findPeriodInvoice(tx, op(ctx), sub.id, sub.currentPeriodStartsAt);
    if (
      inv?.status === 'paid' &&
      sub.endsAt &&
      inv.periodStart &&
      inv.periodEnd &&
      !inv.lineItems.some((l) => l.proration)
    ) {
      const share = usedShare(inv.periodStart, inv.periodEnd, sub.endsAt);
      if (share.usedDays < share.periodDays)
        await refund(tx, ctx, inv, share.periodDays - share.usedDays, share.periodDays);
    }
  }

  /** A post-payment credit note for the unused days of a paid period, line by line (`credit_note.created`). */
  async function refund(tx: Tx, ctx: OperatorContext, inv: Invoice, unusedDays: number, periodDays: number) {
    const lines = inv.lineItems.map((l) => ({
      type: 'invoice_line_item' as const,
      description: `Unused time: ${l.description} (${unusedDays} of ${periodDays} days)`,
      quantity: l.quantity,
      price: l.price,
      amount: mulDivHalfUp(l.total, unusedDays, periodDays),
      discountTotal: 0,
      tax: mulDivHalfUp(l.tax, unusedDays, periodDays),
    }));
    await issueCreditNote(tx, ctx, events, inv, { lines, reason: 'order_change', type: 'post_payment' });
  }

  async function overlock(tx: Tx, ctx: OperatorContext, invoiceId: string) {
    const [inv] = await invoices.findInvoices(tx, op(ctx), [invoiceId]);
    if (inv && (inv.status === 'open' || inv.status === 'uncollectible'))
      await unitActions.overlockContactIn(tx, ctx, inv.contactId);
  }

  return {
    schedule,

    /** Lifts an arrears overlock once nothing of the contact's is overdue past the threshold (caller's transaction). */
    clearOverlockIn: clearOverlock,

    /** A collection attempt made elsewhere failed: dunning goes on as for a declined card (caller's transaction). */
    collectionFailedIn: collectionFailed,

    /** Runs one due step in the caller's transaction (the job handler's settle). */
    async runStep(tx: Tx, ctx: OperatorContext, s: LifecycleStep): Promise<void> {
      switch (s.step) {
        case 'move_in':
          return moveIn(tx, ctx, s.tenancy_id);
        case 'renew':
          return renew(tx, ctx, s.subscription_id, new Date(s.at));
        case 'collect': {
          const [inv] = await invoices.findInvoices(tx, op(ctx), [s.invoice_id]);
          if (inv) await collect(tx, ctx, inv, s.attempt, new Date(s.first_failed_at));
          return;
        }
        case 'overlock':
          return overlock(tx, ctx, s.invoice_id);
        case 'end':
          return end(tx, ctx, s.subscription_id);
      }
    },

    /** A new tenancy's first step: move-in day at 06:00 site time (at once when that has passed). */
    async scheduleMoveIn(tx: Tx, ctx: OperatorContext, tenancyId: string): Promise<void> {
      const [tenancy] = await tenancies.findTenancies(tx, op(ctx), [tenancyId]);
      const [site] = tenancy ? await findSites(tx, op(ctx), [tenancy.siteId]) : [];
      if (!tenancy || !site) return;
      await schedule(tx, ctx, [
        {
          step: 'move_in',
          tenancy_id: tenancy.id,
          at: iso(localHourOn(tenancy.startsAt, site.timezone, MOVE_IN_HOUR)),
        },
      ]);
    },

    /** The card on file the contact's invoices are collected from, if any. */
    paymentMethodOf: (ctx: OperatorContext, contactId: string): Promise<PaymentMethodOnFile | null> =>
      findPaymentMethod(db, op(ctx), contactId),

    /** Attaches a sandbox test card as the contact's payment method (the latest replaces the one before). */
    attachCard: (ctx: OperatorContext, contactId: string, cardNumber: string): Promise<PaymentMethodOnFile> =>
      attachMethod(ctx, contactId, attachableCard(cardNumber)),

    /**
     * Attaches a sandbox Direct Debit mandate (its outcome already decided from the test bank details by the
     * caller's table) as the contact's payment method.
     */
    attachMandate: (
      ctx: OperatorContext,
      contactId: string,
      mandate: { brand: 'bacs_debit' | 'sepa_debit'; last4: string; behaviour: PaymentMethodOnFile['behaviour'] },
    ): Promise<PaymentMethodOnFile> => attachMethod(ctx, contactId, mandate),

    /** Collects an open or uncollectible invoice now with the card on file (the customer paying their arrears). */
    payInvoice: (ctx: OperatorContext, invoiceId: string): Promise<Invoice> =>
      withTransaction(db, async (tx) => {
        const [inv] = await invoices.findInvoices(tx, op(ctx), [invoiceId]);
        if (!inv) notFound('invoice', invoiceId);
        if (inv.status !== 'open' && inv.status !== 'uncollectible')
          throw conflict(`Invoice '${inv.id}' is ${inv.status}; paying it requires status open or uncollectible.`);
        if (!(await charge(tx, ctx, inv)))
          throw conflict(
            `The card on file for contact '${inv.contactId}' was declined; invoice '${inv.id}' stays ${inv.status}.`,
          );
        return (await invoices.findInvoices(tx, op(ctx), [inv.id]))[0];
      }),

    /**
     * Notice (back office or customer portal): the subscription is cancelled from `endsAt` on, announced as
     * `subscription.cancelled` now; at `endsAt` the move-out step ends it.
     */
    giveNotice: (
      ctx: OperatorContext,
      subscriptionId: string,
      input: { endsAt: Date; reason: string | null },
    ): Promise<Subscription> =>
      withTransaction(db, async (tx) => {
        const sub = (await subscriptionOf(tx, ctx, subscriptionId)) ?? notFound('subscription', subscriptionId);
        const now = ctx.now();
        if (input.endsAt.getTime() < now.getTime())
          throw invalidContent('/ends_at', 'value at `/ends_at` is in the past');
        if (sub.cancelled)
          throw conflict(`Subscription '${sub.id}' is already cancelled; it ends at ${sub.endsAt?.toISOString()}.`);
        await subscriptions.markCancelled(tx, op(ctx), sub.id, { reason: input.reason, endsAt: input.endsAt, at: now });
        await tenancies.setTenancyEnd(tx, op(ctx), sub.tenancyId, input.endsAt, now);
        const cancelled = (await subscriptions.findSubscriptions(tx, op(ctx), [sub.id]))[0];
        await events.emit(tx, ctx, 'subscription.cancelled', cancelled);
        await schedule(tx, ctx, [{ step: 'end', subscription_id: sub.id, at: iso(input.endsAt) }]);
        return cancelled;
      }),
  };
}

export type LifecycleService = ReturnType<typeof lifecycleService>;
