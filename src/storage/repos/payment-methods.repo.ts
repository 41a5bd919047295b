import type { PaymentMethodOnFile } from '../../domain/lifecycle/payment-method.ts';
import type { Handle, Tx } from '../database.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

function toMethod(r: any): PaymentMethodOnFile {
  return {
    id: r.id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    brand: r.brand,
    last4: r.last4,
    behaviour: r.behaviour,
    createdAt: r.created_at,
  };
}

/** The latest card attached replaces the one before (one card on file per contact). */
export async function attachPaymentMethods(tx: Tx, list: PaymentMethodOnFile[]): Promise<void> {
  if (!list.length) return;
  forgetInTx(tx, 'payment_methods:');
  await tx
    .insertInto('payment_methods')
    .values(
      list.map((m) => ({
        id: m.id,
        operator_id: m.operatorId,
        contact_id: m.contactId,
        brand: m.brand,
        last4: m.last4,
        behaviour: m.behaviour,
        created_at: m.createdAt,
      })),
    )
    .onConflict((oc: any) =>
      oc.column('contact_id').doUpdateSet((eb: any) => ({
        id: eb.ref('excluded.id'),
        brand: eb.ref('excluded.brand'),
        last4: eb.ref('excluded.last4'),
        behaviour: eb.ref('excluded.behaviour'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .execute();
}

export async function findPaymentMethod(
  tx: Handle,
  operatorId: string,
  contactId: string,
): Promise<PaymentMethodOnFile | null> {
  // Remembered for the transaction (a lifecycle batch charges the same cards again and again): storage/tx-memo.ts.
  return memoInTx(tx, `payment_methods:${operatorId}:${contactId}`, async () => {
    const r = await tx
      .selectFrom('payment_methods')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return r ? toMethod(r) : null;
  });
}
