import { sql } from 'kysely';
import type { CreditNote, CreditNoteStatus } from '../../domain/billing/credit-note.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

export interface CreditNoteFilter {
  statuses?: CreditNoteStatus[];
  contactIds?: string[];
  invoiceIds?: string[];
  siteIds?: string[];
}

function toCreditNote(r: Row<'credit_notes'>): CreditNote {
  return {
    id: r.id,
    operatorId: r.operator_id,
    number: r.number,
    invoiceId: r.invoice_id,
    contactId: r.contact_id,
    siteId: r.site_id,
    reason: r.reason as CreditNote['reason'],
    status: r.status as CreditNote['status'],
    type: r.type as CreditNote['type'],
    subtotal: r.subtotal,
    total: r.total,
    lineItems: [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withLines(tx: Handle, list: CreditNote[]): Promise<CreditNote[]> {
  if (!list.length) return list;
  const rows = await tx
    .selectFrom('credit_note_line_items')
    .selectAll()
    .where(
      'credit_note_id',
      'in',
      list.map((c) => c.id),
    )
    .orderBy('position', 'asc')
    .execute();
  const byId = new Map(list.map((c) => [c.id, c]));
  for (const r of rows) {
    byId.get(r.credit_note_id)?.lineItems.push({
      type: r.type as CreditNote['lineItems'][number]['type'],
      description: r.description,
      quantity: r.quantity,
      price: r.price,
      amount: r.amount,
      discountTotal: r.discount_total,
      tax: r.tax,
    });
  }
  return list;
}

export async function countCreditNotesForInvoice(tx: Handle, operatorId: string, invoiceId: string): Promise<number> {
  const r = await tx
    .selectFrom('credit_notes')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('operator_id', '=', operatorId)
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function insertCreditNote(tx: Tx, c: CreditNote): Promise<void> {
  await tx
    .insertInto('credit_notes')
    .values({
      id: c.id,
      operator_id: c.operatorId,
      number: c.number,
      invoice_id: c.invoiceId,
      contact_id: c.contactId,
      site_id: c.siteId,
      reason: c.reason,
      status: c.status,
      type: c.type,
      subtotal: c.subtotal,
      total: c.total,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    })
    .execute();
  if (!c.lineItems.length) return;
  await tx
    .insertInto('credit_note_line_items')
    .values(
      c.lineItems.map((l, position) => ({
        credit_note_id: c.id,
        position,
        type: l.type,
        description: l.description,
        quantity: l.quantity,
        price: l.price,
        amount: l.amount,
        discount_total: l.discountTotal,
        tax: l.tax,
      })),
    )
    .execute();
}

export async function findCreditNotes(tx: Handle, operatorId: string, ids: string[]): Promise<CreditNote[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('credit_notes')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withLines(tx, rows.map(toCreditNote));
}

export async function listCreditNotes(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: CreditNoteFilter,
  range: TimeRange,
): Promise<PageOf<CreditNote>> {
  let qb = tx.selectFrom('credit_notes').selectAll('credit_notes').where('credit_notes.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('credit_notes.status', 'in', filter.statuses);
  if (filter.contactIds) qb = qb.where('credit_notes.contact_id', 'in', filter.contactIds);
  if (filter.invoiceIds) qb = qb.where('credit_notes.invoice_id', 'in', filter.invoiceIds);
  if (filter.siteIds) qb = qb.where('credit_notes.site_id', 'in', filter.siteIds);
  qb = whereTimeRange(qb, 'credit_notes', range);
  const res = await paginate(qb, page, { created_at: 'credit_notes.created_at' }, toCreditNote, 'credit_notes');
  await withLines(tx, res.items);
  return res;
}

/** Voids an issued credit note; true when it applied (a second void changes nothing). */
export async function voidCreditNote(tx: Tx, operatorId: string, id: string, at: Date): Promise<boolean> {
  const row = await tx
    .updateTable('credit_notes')
    .set({ status: 'void', updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'issued')
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
