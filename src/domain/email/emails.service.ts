import type { Clock } from '../../kernel/clock.ts';
import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { money } from '../../kernel/money.ts';
import type { Db, Handle, Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/emails.repo.ts';
import { findEmailTemplate } from '../../storage/repos/email-templates.repo.ts';
import type { EventRow } from '../../storage/repos/events.repo.ts';
import { findContactAddress } from '../../storage/repos/contacts.repo.ts';
import { findOrders, lineItemsOf } from '../../storage/repos/orders.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findInvoices } from '../../storage/repos/invoices.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { unitsOfTenancy } from '../../storage/repos/units.repo.ts';
import { findPaymentMethod } from '../../storage/repos/payment-methods.repo.ts';
import { accessGrantsOfUnits } from '../../storage/repos/portal.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { JobsService } from '../jobs/jobs.service.ts';
import type { Invoice } from '../billing/invoice.ts';
import {
  EMAIL_JOB,
  isStaffTemplate,
  type Email,
  type EmailData,
  type EmailTemplate,
  type PreparedEmail,
  type StaffEmailTemplate,
} from './email.ts';

/** The customer portal of an operator, relative to the public URL (the portal's pages live there). */
export const portalPath = (ctx: OperatorContext) => `/portal/${ctx.operator.slug}`;

/** One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with it. */
const longDates = new Map<string, Intl.DateTimeFormat>();

function longDate(d: Date | null, timeZone: string): string {
  if (!d) return '';
  let f = longDates.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
    longDates.set(timeZone, f);
  }
  return f.format(d);
}

/**
 * Customer email (docs/decisions/email.md). Emails are written, with their `email.send` job, in the
 * transaction of their cause (an event, a failed collection, a sign-in request); the job renders and sends
 * them outside any transaction (engines/email/email.job.ts). Each goes only to the contact the cause
 * concerns — the invoice's, the order's, the tenancy's — at the address it has then. The seed's back-dated
 * history sends nothing.
 */
export function emailsService({ db, clock, jobs }: { db: Db; clock: Clock; jobs: JobsService }) {
  const op = (ctx: OperatorContext) => ctx.operator.id;

  /** Stores a queued email and its `email.send` job in the caller's transaction. */
  async function queue(
    tx: Tx,
    ctx: OperatorContext,
    e: { template: EmailTemplate | StaffEmailTemplate; contactId: string | null; to: string; data: EmailData },
    cause: string | null,
  ): Promise<Email> {
    const email: Email = {
      id: newId('email'),
      operatorId: op(ctx),
      contactId: e.contactId,
      template: e.template,
      toAddress: e.to,
      data: e.data,
      cause,
      status: 'queued',
      subject: null,
      bodyText: null,
      bodyHtml: null,
      messageId: null,
      lastError: null,
      attempts: 0,
      createdAt: ctx.now(),
      sentAt: null,
    };
    await repo.insertEmail(tx, email);
    await jobs.enqueue(tx, [
      {
        kind: EMAIL_JOB,
        operatorId: op(ctx),
        payload: { email_id: email.id },
        runAt: clock.now(),
        clockOffsetMs: ctx.operator.clockOffsetMs,
      },
    ]);
    return email;
  }

  async function enqueue(
    tx: Tx,
    ctx: OperatorContext,
    input: { template: EmailTemplate; contactId: string; data: EmailData; cause: string | null },
  ): Promise<Email | null> {
    if (ctx.principal.system === 'seed') return null;
    const contact = await findContactAddress(tx, op(ctx), input.contactId);
    if (!contact?.email) return null;
    const data = {
      operator_name: ctx.operator.name,
      contact_name: contact.fullName || contact.email,
      portal_path: portalPath(ctx),
      ...input.data,
    };
    return queue(tx, ctx, { template: input.template, contactId: contact.id, to: contact.email, data }, input.cause);
  }

  const fmt = (ctx: OperatorContext, n: number) => money(n, ctx.operator.currency).formatted;

  async function bookingConfirmation(tx: Tx, ctx: OperatorContext, event: EventRow, orderId: string) {
    const [order] = await findOrders(tx, op(ctx), [orderId]);
    if (!order?.contactId || !order.emails.bookingConfirmation) return;
    const [site] = await findSites(tx, op(ctx), [order.siteId]);
    const unitLine = (await lineItemsOf(tx, op(ctx), [order.id])).find((l) => l.type === 'unit_type');
    const [unitType] = unitLine ? await findUnitTypes(tx, op(ctx), [unitLine.itemId]) : [];
    const [tenancy] = order.tenancyId ? await findTenancies(tx, op(ctx), [order.tenancyId]) : [];
    await enqueue(tx, ctx, {
      template: 'booking_confirmation',
      contactId: order.contactId,
      cause: event.id,
      data: {
        order_id: order.id,
        site_name: site?.name ?? '',
        unit_type_name: unitType?.name ?? '',
        move_in_date: longDate(tenancy?.startsAt ?? order.startsAt, site?.timezone ?? ctx.operator.timezone),
      },
    });
  }

  async function moveInDay(tx: Tx, ctx: OperatorContext, event: EventRow, tenancyId: string) {
    const [tenancy] = await findTenancies(tx, op(ctx), [tenancyId]);
    if (!tenancy) return;
    const [order] = tenancy.orderId ? await findOrders(tx, op(ctx), [tenancy.orderId]) : [];
    if (order && !order.emails.moveInDay) return;
    const [site] = await findSites(tx, op(ctx), [tenancy.siteId]);
    const address = site
      ? [site.address.line_1, site.address.city, site.address.postal_code].filter(Boolean).join(', ')
      : '';
    await enqueue(tx, ctx, {
      template: 'move_in_day',
      contactId: tenancy.contactId,
      cause: event.id,
      data: {
        tenancy_id: tenancy.id,
        site_name: site?.name ?? '',
        site_address: address,
        // Filled in when it is sent (unitsAndCodes): access is granted later in the move-in transaction.
        units: [],
      },
    });
  }

  function invoiceData(ctx: OperatorContext, inv: Invoice): EmailData {
    const tz = ctx.operator.timezone;
    return {
      invoice_id: inv.id,
      invoice_number: inv.number,
      total: fmt(ctx, inv.total),
      amount_due: inv.amountDue > 0 ? fmt(ctx, inv.amountDue) : '',
      amount_paid: fmt(ctx, inv.amountPaid),
      paid_date: longDate(inv.paidAt, tz),
      period:
        inv.periodStart && inv.periodEnd && inv.periodEnd.getTime() !== inv.periodStart.getTime()
          ? `${longDate(inv.periodStart, tz)} – ${longDate(inv.periodEnd, tz)}`
          : '',
    };
  }

  async function invoiceEmail(
    tx: Tx,
    ctx: OperatorContext,
    event: EventRow,
    invoiceId: string,
    template: 'invoice' | 'receipt',
    emitted: unknown,
  ) {
    // The event's own invoice, read in this transaction by the emitter; read again only if it is not that.
    const known = emitted as Invoice | undefined;
    const [inv] = known?.id === invoiceId ? [known] : await findInvoices(tx, op(ctx), [invoiceId]);
    if (!inv) return;
    // A zero invoice is neither billed nor paid for.
    if (inv.total <= 0) return;
    await enqueue(tx, ctx, { template, contactId: inv.contactId, cause: event.id, data: invoiceData(ctx, inv) });
  }

  /**
   * The move-in email's units and access codes as they are when it is sent (access is granted after
   * `tenancy.started` in the move-in transaction). A code is only ever given to the contact its grant is for.
   */
  async function unitsAndCodes(db: Handle, email: Email): Promise<Email> {
    const tenancyId = email.template === 'move_in_day' ? email.data.tenancy_id : null;
    if (typeof tenancyId !== 'string') return email;
    const units = await unitsOfTenancy(db, email.operatorId, tenancyId);
    const grants = await accessGrantsOfUnits(
      db,
      email.operatorId,
      units.map((u) => u.id),
    );
    const list = units.map((u) => {
      const g = grants.get(u.id);
      const code = g && g.state === 'granted' && g.contactId === email.contactId ? (g.code ?? '') : '';
      return { name: u.referenceId, code };
    });
    return { ...email, data: { ...email.data, units: list } };
  }

  /** What the sender renders: the units and codes as they are now, and the operator's template if it edited it. */
  async function prepare(db: Handle, email: Email): Promise<PreparedEmail> {
    const [ready, edited] = await Promise.all([
      unitsAndCodes(db, email),
      isStaffTemplate(email.template) ? null : findEmailTemplate(db, email.operatorId, email.template),
    ]);
    return { ...ready, source: edited?.source ?? null };
  }

  const idOf = (event: EventRow, key: string) =>
    ((event.payload as any)?.event?.data?.[key]?.id as string | undefined) ?? null;

  return {
    enqueue,
    prepare,

    /** Runs inside every emitting transaction (services.ts): the emails events cause. */
    async onEvent(tx: Tx, ctx: OperatorContext, event: EventRow, entity?: unknown): Promise<void> {
      if (ctx.principal.system === 'seed') return;
      switch (event.type) {
        case 'order.completed': {
          const id = idOf(event, 'order');
          if (id) await bookingConfirmation(tx, ctx, event, id);
          return;
        }
        case 'tenancy.started': {
          const id = idOf(event, 'tenancy');
          if (id) await moveInDay(tx, ctx, event, id);
          return;
        }
        case 'invoice.finalized':
        case 'invoice.paid': {
          const id = idOf(event, 'invoice');
          if (id) await invoiceEmail(tx, ctx, event, id, event.type === 'invoice.paid' ? 'receipt' : 'invoice', entity);
          return;
        }
      }
    },

    /** A collection attempt was declined (the lifecycle's dunning), in its transaction. */
    async paymentFailed(tx: Tx, ctx: OperatorContext, inv: Invoice): Promise<void> {
      const card = await findPaymentMethod(tx, op(ctx), inv.contactId);
      await enqueue(tx, ctx, {
        template: 'payment_failed',
        contactId: inv.contactId,
        cause: inv.id,
        data: { ...invoiceData(ctx, inv), card_last4: card?.last4 ?? '—' },
      });
    },

    /**
     * An email to the operator's own people (the add-on alert), one per address, in the caller's transaction. Staff
     * emails have no contact: the partner-facing mailbox API never lists them (`withStaff`).
     */
    async toStaff(
      tx: Tx,
      ctx: OperatorContext,
      input: { template: StaffEmailTemplate; to: string[]; data: EmailData; cause: string | null },
    ): Promise<Email[]> {
      const data = { operator_name: ctx.operator.name, ...input.data };
      const out: Email[] = [];
      for (const to of input.to)
        out.push(await queue(tx, ctx, { template: input.template, contactId: null, to, data }, input.cause));
      return out;
    },

    /** The sandbox mailbox, newest first: emails to contacts, and to staff too when `withStaff` (the back office). */
    list: (ctx: OperatorContext, page: Page, filter: repo.EmailFilter): Promise<PageOf<Email>> =>
      repo.listEmails(db, op(ctx), page, filter),

    async get(ctx: OperatorContext, id: string, withStaff = false): Promise<Email> {
      const email = await repo.findEmail(db, op(ctx), id);
      if (!email || (!withStaff && isStaffTemplate(email.template))) notFound('email', id);
      return email;
    },
  };
}

export type EmailsService = ReturnType<typeof emailsService>;
