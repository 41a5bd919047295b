import type { Operator } from '../../domain/context.ts';
import type { TaxRates } from '../../domain/catalogue/site.ts';
import { sql, type Handle, type Tx, type Row } from '../database.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toOperator(r: Row<'operators'>): Operator {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    currency: r.currency,
    timezone: r.timezone,
    countryAlpha2: r.country_alpha2,
    rateLimitPerSecond: r.rate_limit_per_second,
    rateLimitPerMinute: r.rate_limit_per_minute,
    clockOffsetMs: Number(r.clock_offset_ms),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findOperator(tx: Handle, id: string): Promise<Operator | undefined> {
  const r = await tx.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toOperator(r);
}

/** The operator whose public pages (portal, storefront) live under this slug. */
export async function findOperatorBySlug(tx: Handle, slug: string): Promise<Operator | undefined> {
  const r = await tx.selectFrom('operators').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r && toOperator(r);
}

export async function listOperators(tx: Handle): Promise<Operator[]> {
  return (await tx.selectFrom('operators').selectAll().orderBy('created_at').execute()).map(toOperator);
}

export async function insertOperator(tx: Tx, o: Operator): Promise<void> {
  await tx
    .insertInto('operators')
    .values({
      id: o.id,
      name: o.name,
      slug: o.slug,
      currency: o.currency,
      timezone: o.timezone,
      country_alpha2: o.countryAlpha2,
      rate_limit_per_second: o.rateLimitPerSecond,
      rate_limit_per_minute: o.rateLimitPerMinute,
      clock_offset_ms: o.clockOffsetMs,
      created_at: o.createdAt,
      updated_at: o.updatedAt,
    })
    .execute();
}

/** Sets the sandbox clock offset; never backwards, even when two advances race. */
export async function advanceOperatorClock(tx: Handle, id: string, offsetMs: number): Promise<void> {
  await sql`UPDATE operators SET clock_offset_ms = GREATEST(clock_offset_ms, ${Math.round(offsetMs)}::bigint) WHERE id = ${id}`.execute(
    tx,
  );
}

export async function updateOperatorRateLimits(
  tx: Handle,
  id: string,
  perSecond: number,
  perMinute: number,
): Promise<void> {
  await tx
    .updateTable('operators')
    .set({ rate_limit_per_second: perSecond, rate_limit_per_minute: perMinute })
    .where('id', '=', id)
    .execute();
}

/** Whether a slug is free for a new operator's public pages. */
export async function operatorSlugTaken(tx: Handle, slug: string): Promise<boolean> {
  return !!(await tx.selectFrom('operators').select('id').where('slug', '=', slug).executeTakeFirst());
}

/** The operator's tax rates (basis points per line-item type); `{}` when none were set. */
export async function findOperatorTaxRates(tx: Handle, id: string): Promise<TaxRates> {
  const r = await tx.selectFrom('operators').select('tax_rates').where('id', '=', id).executeTakeFirst();
  return (r?.tax_rates ?? {}) as TaxRates;
}

/** Sets the operator's tax rates and applies them to every one of its sites (pricing reads the site's). */
export async function saveOperatorTaxRates(tx: Tx, id: string, rates: TaxRates, at: Date): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  const json = JSON.stringify(rates);
  await tx.updateTable('operators').set({ tax_rates: json, updated_at: at }).where('id', '=', id).execute();
  await tx.updateTable('sites').set({ tax_rates: json, updated_at: at }).where('operator_id', '=', id).execute();
}

/** Name, time zone, country and currency (the settings page checks whether currency may still change). */
export async function updateOperatorDetails(
  tx: Tx,
  id: string,
  d: { name: string; timezone: string; countryAlpha2: string; currency: string },
  at: Date,
): Promise<void> {
  await tx
    .updateTable('operators')
    .set({ name: d.name, timezone: d.timezone, country_alpha2: d.countryAlpha2, currency: d.currency, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Whether the operator has issued any invoice (its currency is fixed from then on). */
export async function operatorHasInvoices(tx: Handle, id: string): Promise<boolean> {
  return !!(await tx.selectFrom('invoices').select('id').where('operator_id', '=', id).limit(1).executeTakeFirst());
}
