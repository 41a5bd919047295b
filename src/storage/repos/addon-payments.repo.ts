import type { Handle, Row, Tx } from '../database.ts';

/** A payment an add-on recorded on an invoice (amount in minor units). */
export interface AddonPayment {
  id: string;
  operatorId: string;
  invoiceId: string;
  addonId: string;
  reference: string | null;
  type: string;
  method: string;
  amount: number;
  date: string;
  notes: string | null;
  createdAt: Date;
}

const toPayment = (r: Row<'addon_invoice_payments'>): AddonPayment => ({
  id: r.id,
  operatorId: r.operator_id,
  invoiceId: r.invoice_id,
  addonId: r.addon_id,
  reference: r.reference,
  type: r.type,
  method: r.method,
  amount: r.amount,
  date: r.date,
  notes: r.notes,
  createdAt: r.created_at,
});

/** Inserts the payment unless the add-on recorded its reference already: false then (nothing written). */
export async function insertAddonPayment(tx: Tx, p: AddonPayment): Promise<boolean> {
  const row = await tx
    .insertInto('addon_invoice_payments')
    .values({
      id: p.id,
      operator_id: p.operatorId,
      invoice_id: p.invoiceId,
      addon_id: p.addonId,
      reference: p.reference,
      type: p.type,
      method: p.method,
      amount: p.amount,
      date: p.date,
      notes: p.notes,
      created_at: p.createdAt,
    })
    .onConflict((oc) => oc.columns(['addon_id', 'reference']).where('reference', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function findAddonPaymentByReference(
  h: Handle,
  addonId: string,
  reference: string,
): Promise<AddonPayment | null> {
  const r = await h
    .selectFrom('addon_invoice_payments')
    .selectAll()
    .where('addon_id', '=', addonId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  return r ? toPayment(r) : null;
}

export async function listAddonPayments(h: Handle, operatorId: string, invoiceId: string): Promise<AddonPayment[]> {
  const rows = await h
    .selectFrom('addon_invoice_payments')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPayment);
}

/**
 * Adds `amount` to an open or uncollectible invoice's `amount_paid`, and makes it paid when `paid`: only while
 * `amount_paid` is still `expectedPaid`, so two payments racing cannot both count against the same balance. False
 * when the invoice had moved on.
 */
export async function addToAmountPaid(
  tx: Tx,
  operatorId: string,
  id: string,
  change: { expectedPaid: number; amount: number; paid: boolean; at: Date },
): Promise<boolean> {
  const row = await tx
    .updateTable('invoices')
    .set({
      amount_paid: change.expectedPaid + change.amount,
      updated_at: change.at,
      ...(change.paid ? { status: 'paid', paid_at: change.at } : {}),
    })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', 'in', ['open', 'uncollectible'])
    .where('amount_paid', '=', change.expectedPaid)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
