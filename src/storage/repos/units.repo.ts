import type { Unit, UnitFilter } from '../../domain/catalogue/unit.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Tx } from '../database.ts';
import { likePattern, paginate, whereTimeRange } from './paging.ts';

function toUnit(r: any): Unit {
  return {
    id: r.id,
    operatorId: r.operator_id,
    siteId: r.site_id,
    unitTypeId: r.unit_type_id,
    referenceId: r.reference_id,
    status: r.status,
    unitAllocationId: r.unit_allocation_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(u: Unit) {
  return {
    id: u.id,
    operator_id: u.operatorId,
    site_id: u.siteId,
    unit_type_id: u.unitTypeId,
    reference_id: u.referenceId,
    status: u.status,
    unit_allocation_id: u.unitAllocationId,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** One multi-row statement per call: seeding hundreds of units stays a handful of round trips. */
export async function insertUnits(tx: Tx, units: Unit[]): Promise<void> {
  if (!units.length) return;
  await tx.insertInto('units').values(units.map(toRow)).execute();
}

export async function findUnits(tx: Tx, operatorId: string, ids: string[]): Promise<Unit[]> {
  if (!ids.length) return [];
  const rows = await tx.selectFrom('units').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute();
  return rows.map(toUnit);
}

export async function listUnits(tx: Tx, operatorId: string, page: Page, filter: UnitFilter, range: TimeRange): Promise<PageOf<Unit>> {
  let qb = tx.selectFrom('units').selectAll('units').where('units.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('units.status', 'in', filter.statuses);
  if (filter.siteIds) qb = qb.where('units.site_id', 'in', filter.siteIds);
  if (filter.unitTypeIds) qb = qb.where('units.unit_type_id', 'in', filter.unitTypeIds);
  if (filter.search) qb = qb.where('units.reference_id', 'ilike', likePattern(filter.search));
  qb = whereTimeRange(qb, 'units', range);
  return paginate(qb, page, { created_at: 'units.created_at' }, toUnit, 'units');
}

export async function updateUnitStatus(tx: Tx, operatorId: string, id: string, status: Unit['status'], at: Date): Promise<void> {
  await tx.updateTable('units').set({ status, updated_at: at }).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}
