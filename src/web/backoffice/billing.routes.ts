import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidContent } from '../../kernel/errors.ts';
import { minorUnitDigits } from '../../kernel/money.ts';
import { INVOICE_STATUSES, type InvoiceStatus } from '../../domain/billing/invoice.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { invoicePdf } from '../../resources/invoices/invoices.pdf.ts';
import { creditNotePdf } from '../../resources/credit-notes/credit-notes.pdf.ts';
import { billingPage, creditNotesPage, invoicePage, type InvoicePage } from './billing.views.ts';
import { attemptForm, pageNumber, sendPage, type Banners } from './form-kit.ts';
import { form, hasRole, one, requireRole, requireStaff, staffContext } from './web-kit.ts';

const PER_PAGE = 50;
const NOTICES: Record<string, string> = {
  paid: 'Invoice marked paid.',
  charged: 'The card on file was charged; the invoice is paid.',
  void: 'Invoice voided: nothing more will be collected.',
  refund: 'Refund issued as a credit note.',
  'addon-charged': 'The billing add-on took the charge (an invoice it reports as processing stays open until paid).',
};

/** "12.50" in the operator's currency → 1250; empty → undefined (everything left); anything else refused at `/amount`. */
export function minorUnitsOf(text: string, currency: string): number | undefined {
  const v = text.trim().replace(/[£€$,\s]/g, '');
  if (!v) return undefined;
  const digits = minorUnitDigits(currency);
  const m = v.match(digits ? new RegExp(`^(\\d{1,9})(?:\\.(\\d{1,${digits}}))?$`) : /^(\d{1,9})$/);
  if (!m) throw invalidContent('/amount', `value at \`/amount\` is not an amount such as ${digits ? '12.50' : '1250'}`);
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || 0);
}

/**
 * Billing in the back office: invoices by status (with overdue on the operator clock, which the dashboard links),
 * failed payments with their dunning position, credit notes, one invoice's page with its PDF and the actions its
 * status allows — charge the card on file, mark paid, void and refund as a credit note (void and refund need a
 * manager: docs/decisions/backoffice-billing.md).
 */
export function billingRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  async function contactsOf(ctx: OperatorContext, ids: string[]) {
    const list = await services.contacts.findMany(ctx, [...new Set(ids)]);
    return new Map(list.map((c) => [c.id, c]));
  }

  async function showInvoice(
    reply: FastifyReply,
    session: StaffSession,
    ctx: OperatorContext,
    id: string,
    extra: Banners & { typed?: InvoicePage['typed'] } = {},
    status = 200,
  ) {
    const invoice = await services.invoices.get(ctx, id);
    const [contact, creditNotes, dunning] = await Promise.all([
      services.contacts.findMany(ctx, [invoice.contactId]),
      services.creditNotes.list(
        ctx,
        { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
        { invoiceIds: [invoice.id] },
        {},
      ),
      services.invoiceActions.dunning(ctx, [invoice.id]),
    ]);
    return sendPage(
      reply,
      invoicePage({
        session,
        csrf: reply.generateCsrf(),
        currency: ctx.operator.currency,
        invoice,
        contact: contact[0] ?? null,
        creditNotes: creditNotes.items,
        refundable: services.invoiceActions.refundable(invoice),
        canManage: hasRole(session, 'manager'),
        dunning: { row: dunning.rows[0] ?? null, settings: dunning.settings },
        billingAddon: await services.customBilling.chargerFor(ctx, invoice.siteId),
        ...extra,
      }),
      status,
    );
  }

  app.get('/backoffice/billing', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const query = request.query as Record<string, string>;
    const wanted = one(query.status);
    const status =
      wanted === 'overdue' || wanted === 'failed' || (INVOICE_STATUSES as readonly string[]).includes(wanted)
        ? wanted
        : '';
    const contactId = one(query.contact_id);
    const page = pageNumber(query.page);
    const res = await services.invoices.list(
      ctx,
      { page, limit: PER_PAGE, sortBy: 'created_at', direction: 'desc' },
      {
        ...(status === 'overdue'
          ? { overdueAt: ctx.now() }
          : status === 'failed'
            ? { failedPayments: true }
            : status
              ? { statuses: [status as InvoiceStatus] }
              : {}),
        ...(contactId ? { contactIds: [contactId] } : {}),
      },
      {},
    );
    const [contacts, dunning] = await Promise.all([
      contactsOf(
        ctx,
        res.items.map((i) => i.contactId),
      ),
      status === 'failed'
        ? services.invoiceActions.dunning(
            ctx,
            res.items.map((i) => i.id),
          )
        : undefined,
    ]);
    return sendPage(
      reply,
      billingPage({
        session,
        csrf: reply.generateCsrf(),
        currency: ctx.operator.currency,
        status,
        contactId,
        invoices: res.items,
        contacts,
        page,
        more: res.total > page * PER_PAGE,
        dunning,
        notice: NOTICES[one(query.done)],
      }),
    );
  });

  app.get('/backoffice/billing/credit-notes', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const ctx = await staffContext(services, session);
    const page = pageNumber((request.query as Record<string, string>).page);
    const res = await services.creditNotes.list(
      ctx,
      { page, limit: PER_PAGE, sortBy: 'created_at', direction: 'desc' },
      {},
      {},
    );
    const [invoices, contacts] = await Promise.all([
      services.invoices.findMany(ctx, [...new Set(res.items.map((c) => c.invoiceId))]),
      contactsOf(
        ctx,
        res.items.map((c) => c.contactId),
      ),
    ]);
    return sendPage(
      reply,
      creditNotesPage({
        session,
        csrf: reply.generateCsrf(),
        currency: ctx.operator.currency,
        creditNotes: res.items,
        invoices: new Map(invoices.map((i) => [i.id, i])),
        contacts,
        page,
        more: res.total > page * PER_PAGE,
      }),
    );
  });

  app.get<{ Params: { invoice_id: string } }>('/backoffice/billing/invoices/:invoice_id', async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return showInvoice(reply, session, await staffContext(services, session), request.params.invoice_id, { notice });
  });

  app.get<{ Params: { invoice_id: string } }>(
    '/backoffice/billing/invoices/:invoice_id.pdf',
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      const ctx = await staffContext(services, session);
      const doc = await services.invoices.document(ctx, request.params.invoice_id);
      const pdf = await invoicePdf(ctx.operator, ctx.now(), doc);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="${doc.invoice.number}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  app.get<{ Params: { credit_note_id: string } }>(
    '/backoffice/billing/credit-notes/:credit_note_id.pdf',
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      const ctx = await staffContext(services, session);
      const doc = await services.creditNotes.document(ctx, request.params.credit_note_id);
      const pdf = await creditNotePdf(ctx.operator, ctx.now(), doc);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', `inline; filename="${doc.creditNote.number}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );

  type InvoiceAction = { Params: { invoice_id: string } };
  const act = (
    path: string,
    done: string,
    role: 'staff' | 'manager',
    run: (ctx: OperatorContext, id: string, f: ReturnType<typeof form>) => Promise<unknown>,
  ) =>
    app.post<InvoiceAction>(
      `/backoffice/billing/invoices/:invoice_id/${path}`,
      { preHandler: app.csrfProtection },
      async (request, reply) => {
        const session = requireStaff(request, reply);
        if (!session) return reply;
        requireRole(session, role);
        const ctx = await staffContext(services, session);
        const id = request.params.invoice_id;
        await services.invoices.get(ctx, id);
        const f = form(request);
        return attemptForm(
          () => run(ctx, id, f),
          () => reply.redirect(`/backoffice/billing/invoices/${id}?done=${done}`, 303),
          (status, error) =>
            showInvoice(
              reply,
              session,
              ctx,
              id,
              { error, typed: { amount: one(f.amount), reason: one(f.reason) } },
              status,
            ),
        );
      },
    );

  act('mark-paid', 'paid', 'staff', (ctx, id) => services.invoiceActions.markPaid(ctx, id));
  act('retry', 'charged', 'staff', (ctx, id) => services.lifecycle.payInvoice(ctx, id));
  act('charge-addon', 'addon-charged', 'staff', (ctx, id) => services.customBilling.chargeInvoice(ctx, id));
  act('void', 'void', 'manager', (ctx, id) => services.invoiceActions.void(ctx, id));
  act('refund', 'refund', 'manager', (ctx, id, f) =>
    services.invoiceActions.refund(ctx, id, {
      amount: minorUnitsOf(one(f.amount), ctx.operator.currency),
      reason: one(f.reason),
    }),
  );
}
