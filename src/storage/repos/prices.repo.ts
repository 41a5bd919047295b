import { sortPrices, type Price, type PricePeriod } from '../../domain/catalogue/price.ts';
import type { Handle, Tx } from '../database.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

export async function pricesFor(tx: Handle, ownerIds: string[]): Promise<Map<string, Price[]>> {
  const out = new Map<string, Price[]>();
  if (!ownerIds.length) return out;
  const rows = await tx.selectFrom('prices').selectAll().where('owner_id', 'in', ownerIds).execute();
  for (const r of rows) {
    const list = out.get(r.owner_id) ?? [];
    list.push({ billingPeriod: r.billing_period as PricePeriod, amount: r.amount, stripePriceId: r.stripe_price_id });
    out.set(r.owner_id, list);
  }
  for (const [k, v] of out) out.set(k, sortPrices(v));
  return out;
}

/** Sets the given periods' prices; periods not mentioned keep theirs. */
export async function upsertPrices(
  tx: Tx,
  operatorId: string,
  ownerId: string,
  prices: Array<{ billingPeriod: PricePeriod; amount: number; stripePriceId: string }>,
  now: Date,
): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  if (!prices.length) return;
  await tx
    .insertInto('prices')
    .values(
      prices.map((p) => ({
        owner_id: ownerId,
        operator_id: operatorId,
        billing_period: p.billingPeriod,
        amount: p.amount,
        stripe_price_id: p.stripePriceId,
        created_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['owner_id', 'billing_period']).doUpdateSet((eb) => ({
        amount: eb.ref('excluded.amount'),
        stripe_price_id: eb.ref('excluded.stripe_price_id'),
      })),
    )
    .execute();
}
