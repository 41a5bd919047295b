import type { UnitType } from '../../domain/catalogue/unit-type.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';
import { pricesFor } from './prices.repo.ts';
import { CATALOGUE_MEMO, forgetInTx } from '../tx-memo.ts';

function toUnitType(r: Row<'unit_types'> & { site_slug: string }): UnitType {
  return {
    id: r.id,
    operatorId: r.operator_id,
    siteId: r.site_id,
    siteSlug: r.site_slug,
    name: r.name,
    slug: r.slug,
    sizeDescription: r.size_description,
    dimensions: r.dimensions as UnitType['dimensions'],
    sellingPoints: r.selling_points as UnitType['sellingPoints'],
    status: r.status as UnitType['status'],
    dynamicPricing: r.dynamic_pricing,
    requireInsuranceCoverage: r.require_insurance_coverage,
    requireSecurityDeposit: r.require_security_deposit,
    securityDeposit: r.security_deposit,
    promotionId: r.promotion_id,
    stripeProductId: r.stripe_product_id,
    image: r.image as UnitType['image'],
    prices: [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function base(tx: Handle, operatorId: string) {
  return tx
    .selectFrom('unit_types')
    .innerJoin('sites', 'sites.id', 'unit_types.site_id')
    .selectAll('unit_types')
    .select('sites.slug as site_slug')
    .where('unit_types.operator_id', '=', operatorId);
}

async function withPrices(tx: Handle, list: UnitType[]): Promise<UnitType[]> {
  const prices = await pricesFor(
    tx,
    list.map((u) => u.id),
  );
  for (const u of list) u.prices = prices.get(u.id) ?? [];
  return list;
}

export async function insertUnitType(tx: Tx, u: Omit<UnitType, 'siteSlug' | 'prices'>): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .insertInto('unit_types')
    .values({
      id: u.id,
      operator_id: u.operatorId,
      site_id: u.siteId,
      name: u.name,
      slug: u.slug,
      size_description: u.sizeDescription,
      dimensions: JSON.stringify(u.dimensions),
      selling_points: JSON.stringify(u.sellingPoints),
      status: u.status,
      dynamic_pricing: u.dynamicPricing,
      require_insurance_coverage: u.requireInsuranceCoverage,
      require_security_deposit: u.requireSecurityDeposit,
      security_deposit: u.securityDeposit,
      promotion_id: u.promotionId,
      stripe_product_id: u.stripeProductId,
      image: u.image ? JSON.stringify(u.image) : null,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    })
    .execute();
}

export async function findUnitTypes(tx: Handle, operatorId: string, ids: string[]): Promise<UnitType[]> {
  if (!ids.length) return [];
  return withPrices(tx, (await base(tx, operatorId).where('unit_types.id', 'in', ids).execute()).map(toUnitType));
}

export async function listUnitTypes(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { siteIds?: string[] },
): Promise<PageOf<UnitType>> {
  let qb = base(tx, operatorId);
  if (filter.siteIds) qb = qb.where('unit_types.site_id', 'in', filter.siteIds);
  const res = await paginate(qb, page, { created_at: 'unit_types.created_at' }, toUnitType, 'unit_types');
  await withPrices(tx, res.items);
  return res;
}

export async function unitTypeIdsBySite(
  tx: Handle,
  operatorId: string,
  siteIds: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!siteIds.length) return out;
  const rows = await tx
    .selectFrom('unit_types')
    .select(['id', 'site_id'])
    .where('operator_id', '=', operatorId)
    .where('site_id', 'in', siteIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) out.set(r.site_id, [...(out.get(r.site_id) ?? []), r.id]);
  return out;
}

export async function touchUnitType(tx: Tx, operatorId: string, id: string, at: Date): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .updateTable('unit_types')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function setUnitTypePromotion(
  tx: Tx,
  operatorId: string,
  id: string,
  couponId: string | null,
  at: Date,
): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  await tx
    .updateTable('unit_types')
    .set({ promotion_id: couponId, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

export type UnitTypeChange = Partial<
  Pick<
    UnitType,
    | 'name'
    | 'slug'
    | 'sizeDescription'
    | 'dimensions'
    | 'sellingPoints'
    | 'status'
    | 'requireInsuranceCoverage'
    | 'requireSecurityDeposit'
    | 'securityDeposit'
  >
>;

/** Writes the given attributes (and `updated_at`); the others stay as they are. */
export async function updateUnitType(
  tx: Tx,
  operatorId: string,
  id: string,
  change: UnitTypeChange,
  at: Date,
): Promise<void> {
  forgetInTx(tx, CATALOGUE_MEMO);
  const set: Record<string, unknown> = { updated_at: at };
  if (change.name !== undefined) set.name = change.name;
  if (change.slug !== undefined) set.slug = change.slug;
  if (change.sizeDescription !== undefined) set.size_description = change.sizeDescription;
  if (change.dimensions !== undefined) set.dimensions = JSON.stringify(change.dimensions);
  if (change.sellingPoints !== undefined) set.selling_points = JSON.stringify(change.sellingPoints);
  if (change.status !== undefined) set.status = change.status;
  if (change.requireInsuranceCoverage !== undefined) set.require_insurance_coverage = change.requireInsuranceCoverage;
  if (change.requireSecurityDeposit !== undefined) set.require_security_deposit = change.requireSecurityDeposit;
  if (change.securityDeposit !== undefined) set.security_deposit = change.securityDeposit;
  await tx.updateTable('unit_types').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}
