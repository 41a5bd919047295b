import { sql } from 'kysely';
import type { Invoice, InvoiceStatus } from '../../domain/billing/invoice.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

export interface InvoiceFilter {
  statuses?: InvoiceStatus[];
  contactIds?: string[];
  siteIds?: string[];
  subscriptionIds?: string[];
  tenancyIds?: string[];
  /** Unpaid (open or uncollectible) and finalized at or before this time: overdue on the operator's clock. */
  overdueAt?: Date;
  /** Only invoices a collection attempt has failed on (dunning). */
  failedPayments?: boolean;
}

function toInvoice(r: Row<'invoices'>): Invoice {
  return {
    id: r.id,
    operatorId: r.operator_id,
    number: r.number,
    contactId: r.contact_id,
    siteId: r.site_id,
    subscriptionId: r.subscription_id,
    tenancyId: r.tenancy_id,
    orderId: r.order_id,
    status: r.status as Invoice['status'],
    periodStart: r.period_start,
    periodEnd: r.period_end,
    purchaseOrderNumber: r.purchase_order_number,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    amountDue: r.amount_due,
    amountPaid: r.amount_paid,
    prePaymentCreditNotesAmount: r.pre_payment_credit_notes_amount,
    postPaymentCreditNotesAmount: r.post_payment_credit_notes_amount,
    lineItems: [],
    finalizedAt: r.finalized_at,
    paidAt: r.paid_at,
    voidedAt: r.voided_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withLines(tx: Handle, list: Invoice[]): Promise<Invoice[]> {
  if (!list.length) return list;
  const rows = await tx
    .selectFrom('invoice_line_items')
    .selectAll()
    .where(
      'invoice_id',
      'in',
      list.map((i) => i.id),
    )
    .orderBy('position', 'asc')
    .execute();
  const byId = new Map(list.map((i) => [i.id, i]));
  for (const r of rows) {
    byId.get(r.invoice_id)?.lineItems.push({
      type: r.type as Invoice['lineItems'][number]['type'],
      itemId: r.item_id,
      description: r.description,
      accountingCode: r.accounting_code,
      quantity: r.quantity,
      price: r.price,
      discountTotal: r.discount_total,
      tax: r.tax,
      total: r.total,
      totalExcludingTax: r.total_excluding_tax,
      proration: r.proration,
    });
  }
  return list;
}

/** The operator's next invoice sequence value; the row lock holds until the caller's transaction ends. */
export async function nextInvoiceSequence(tx: Tx, operatorId: string): Promise<number> {
  const r = await sql<{ last_value: number }>`
    INSERT INTO invoice_number_sequences (operator_id, last_value) VALUES (${operatorId}, 1)
    ON CONFLICT (operator_id) DO UPDATE SET last_value = invoice_number_sequences.last_value + 1
    RETURNING last_value`.execute(tx);
  return Number(r.rows[0].last_value);
}

export async function insertInvoice(tx: Tx, i: Invoice): Promise<void> {
  await tx
    .insertInto('invoices')
    .values({
      id: i.id,
      operator_id: i.operatorId,
      number: i.number,
      contact_id: i.contactId,
      site_id: i.siteId,
      subscription_id: i.subscriptionId,
      tenancy_id: i.tenancyId,
      order_id: i.orderId,
      status: i.status,
      period_start: i.periodStart,
      period_end: i.periodEnd,
      purchase_order_number: i.purchaseOrderNumber,
      subtotal: i.subtotal,
      tax: i.tax,
      total: i.total,
      amount_due: i.amountDue,
      amount_paid: i.amountPaid,
      pre_payment_credit_notes_amount: i.prePaymentCreditNotesAmount,
      post_payment_credit_notes_amount: i.postPaymentCreditNotesAmount,
      finalized_at: i.finalizedAt,
      paid_at: i.paidAt,
      voided_at: i.voidedAt,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
    })
    .execute();
  if (!i.lineItems.length) return;
  await tx
    .insertInto('invoice_line_items')
    .values(
      i.lineItems.map((l, position) => ({
        invoice_id: i.id,
        position,
        type: l.type,
        item_id: l.itemId,
        description: l.description,
        accounting_code: l.accountingCode,
        quantity: l.quantity,
        price: l.price,
        discount_total: l.discountTotal,
        tax: l.tax,
        total: l.total,
        total_excluding_tax: l.totalExcludingTax,
        proration: l.proration,
      })),
    )
    .execute();
}

/** Records a credit note against its invoice: the amount is added to the pre- or post-payment total. */
export async function addCreditNoteAmount(
  tx: Tx,
  operatorId: string,
  invoiceId: string,
  kind: 'pre_payment' | 'post_payment',
  amount: number,
  at: Date,
): Promise<void> {
  const column = kind === 'pre_payment' ? 'pre_payment_credit_notes_amount' : 'post_payment_credit_notes_amount';
  await tx
    .updateTable('invoices')
    .set({ [column]: sql`${sql.ref(column)} + ${amount}`, updated_at: at })
    .where('id', '=', invoiceId)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function findInvoices(tx: Handle, operatorId: string, ids: string[]): Promise<Invoice[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withLines(tx, rows.map(toInvoice));
}

export async function listInvoices(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: InvoiceFilter,
  range: TimeRange,
): Promise<PageOf<Invoice>> {
  let qb = tx.selectFrom('invoices').selectAll('invoices').where('invoices.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('invoices.status', 'in', filter.statuses);
  if (filter.contactIds) qb = qb.where('invoices.contact_id', 'in', filter.contactIds);
  if (filter.siteIds) qb = qb.where('invoices.site_id', 'in', filter.siteIds);
  if (filter.subscriptionIds) qb = qb.where('invoices.subscription_id', 'in', filter.subscriptionIds);
  if (filter.tenancyIds) qb = qb.where('invoices.tenancy_id', 'in', filter.tenancyIds);
  if (filter.overdueAt)
    qb = qb
      .where('invoices.status', 'in', ['open', 'uncollectible'])
      .where('invoices.finalized_at', '<=', filter.overdueAt);
  if (filter.failedPayments)
    qb = qb.where('invoices.status', 'in', ['open', 'uncollectible']).where('invoices.payment_attempts', '>', 0);
  qb = whereTimeRange(qb, 'invoices', range);
  const res = await paginate(qb, page, { created_at: 'invoices.created_at' }, toInvoice, 'invoices');
  await withLines(tx, res.items);
  return res;
}

/** Moves an invoice along its lifecycle (finalize, pay, void, mark uncollectible). */
export async function updateInvoiceState(
  tx: Tx,
  operatorId: string,
  id: string,
  change: {
    status: InvoiceStatus;
    amountPaid?: number;
    finalizedAt?: Date | null;
    paidAt?: Date | null;
    voidedAt?: Date | null;
    at: Date;
  },
): Promise<void> {
  const set: Record<string, unknown> = { status: change.status, updated_at: change.at };
  if (change.amountPaid !== undefined) set.amount_paid = change.amountPaid;
  if (change.finalizedAt !== undefined) set.finalized_at = change.finalizedAt;
  if (change.paidAt !== undefined) set.paid_at = change.paidAt;
  if (change.voidedAt !== undefined) set.voided_at = change.voidedAt;
  await tx.updateTable('invoices').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

/**
 * Conditional invoice transitions: each applies only from the status it expects, so a step run twice (a job
 * claimed again after a lost lease) changes nothing the second time. True when it applied.
 */
type InvoiceChange = {
  status: InvoiceStatus;
  amountPaid?: number;
  finalizedAt?: Date;
  paidAt?: Date;
  voidedAt?: Date;
  at: Date;
};

function transitionQuery(tx: Tx, operatorId: string, id: string, from: InvoiceStatus[], change: InvoiceChange) {
  const set: Record<string, unknown> = { status: change.status, updated_at: change.at };
  if (change.amountPaid !== undefined) set.amount_paid = change.amountPaid;
  if (change.finalizedAt !== undefined) set.finalized_at = change.finalizedAt;
  if (change.paidAt !== undefined) set.paid_at = change.paidAt;
  if (change.voidedAt !== undefined) set.voided_at = change.voidedAt;
  return tx
    .updateTable('invoices')
    .set(set)
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', 'in', from);
}

export async function transitionInvoice(
  tx: Tx,
  operatorId: string,
  id: string,
  from: InvoiceStatus[],
  change: InvoiceChange,
): Promise<boolean> {
  return !!(await transitionQuery(tx, operatorId, id, from, change).returning('id').executeTakeFirst());
}

/**
 * The same transition, answering the invoice as it now is (undefined when it was not in a `from` status). A status
 * change never touches the lines, so the caller's `lineItems` are the invoice's: one statement instead of three.
 */
export async function transitionInvoiceRead(
  tx: Tx,
  operatorId: string,
  id: string,
  from: InvoiceStatus[],
  change: InvoiceChange,
  lineItems: Invoice['lineItems'],
): Promise<Invoice | undefined> {
  const row = await transitionQuery(tx, operatorId, id, from, change).returningAll().executeTakeFirst();
  return row && { ...toInvoice(row), lineItems: [...lineItems] };
}

export async function countPaymentAttempt(tx: Tx, operatorId: string, id: string): Promise<number> {
  const row = await tx
    .updateTable('invoices')
    .set({ payment_attempts: sql`payment_attempts + 1` })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .returning('payment_attempts')
    .executeTakeFirst();
  return Number(row?.payment_attempts ?? 0);
}

/** The subscription's invoice for the period starting at `periodStart`, if any. */
export async function findPeriodInvoice(
  tx: Tx,
  operatorId: string,
  subscriptionId: string,
  periodStart: Date,
): Promise<Invoice | null> {
  const row = await tx
    .selectFrom('invoices')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('subscription_id', '=', subscriptionId)
    .where('period_start', '=', periodStart)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? (await withLines(tx, [toInvoice(row)]))[0] : null;
}

/** Unpaid invoices of the contact that fell due at or before `dueBy` (open or uncollectible). */
export async function countOverdue(tx: Tx, operatorId: string, contactId: string, dueBy: Date): Promise<number> {
  const row = await tx
    .selectFrom('invoices')
    .select(sql<number>`count(*)`.as('n'))
    .where('operator_id', '=', operatorId)
    .where('contact_id', '=', contactId)
    .where('status', 'in', ['open', 'uncollectible'])
    .where('finalized_at', '<=', dueBy)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function setPurchaseOrderNumber(
  tx: Tx,
  operatorId: string,
  id: string,
  purchaseOrderNumber: string | null,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('invoices')
    .set({ purchase_order_number: purchaseOrderNumber, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

/** Where an unpaid invoice stands in dunning: attempts so far and the lifecycle steps still to come for it. */
export interface DunningRow {
  invoiceId: string;
  attempts: number;
  /** Pending `collect` steps (operator time, the step's `at`) with their attempt numbers. */
  retries: Array<{ attempt: number; at: Date }>;
  /** The pending `overlock` step's time, if any. */
  overlockAt: Date | null;
}

export async function dunningOf(tx: Handle, operatorId: string, invoiceIds: string[]): Promise<DunningRow[]> {
  if (!invoiceIds.length) return [];
  const attempts = await tx
    .selectFrom('invoices')
    .select(['id', 'payment_attempts'])
    .where('operator_id', '=', operatorId)
    .where('id', 'in', invoiceIds)
    .execute();
  const steps = await tx
    .selectFrom('jobs')
    .select([
      sql<string>`payload->>'invoice_id'`.as('invoice_id'),
      sql<string>`payload->>'step'`.as('step'),
      sql<string>`payload->>'at'`.as('at'),
      sql<string | null>`payload->>'attempt'`.as('attempt'),
    ])
    .where('operator_id', '=', operatorId)
    .where('kind', '=', 'lifecycle')
    .where('state', '=', 'pending')
    .where(sql<string>`payload->>'invoice_id'`, 'in', invoiceIds)
    .execute();
  return attempts.map((r) => {
    const mine = steps.filter((s) => s.invoice_id === r.id);
    const overlock = mine.find((s) => s.step === 'overlock');
    return {
      invoiceId: r.id,
      attempts: Number(r.payment_attempts),
      retries: mine
        .filter((s) => s.step === 'collect')
        .map((s) => ({ attempt: Number(s.attempt), at: new Date(s.at) }))
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
      overlockAt: overlock ? new Date(overlock.at) : null,
    };
  });
}
