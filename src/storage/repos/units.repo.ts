import { sql } from 'kysely';
import type { Unit, UnitFilter } from '../../domain/catalogue/unit.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate, whereTimeRange } from './paging.ts';

function toUnit(r: Row<'units'>): Unit {
  return {
    id: r.id,
    operatorId: r.operator_id,
    siteId: r.site_id,
    unitTypeId: r.unit_type_id,
    referenceId: r.reference_id,
    status: r.status as Unit['status'],
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

export async function findUnits(tx: Handle, operatorId: string, ids: string[]): Promise<Unit[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('units')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toUnit);
}

export async function listUnits(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: UnitFilter,
  range: TimeRange,
): Promise<PageOf<Unit>> {
  let qb = tx.selectFrom('units').selectAll('units').where('units.operator_id', '=', operatorId);
  if (filter.statuses) qb = qb.where('units.status', 'in', filter.statuses);
  if (filter.siteIds) qb = qb.where('units.site_id', 'in', filter.siteIds);
  if (filter.unitTypeIds) qb = qb.where('units.unit_type_id', 'in', filter.unitTypeIds);
  if (filter.search) qb = qb.where('units.reference_id', 'ilike', likePattern(filter.search));
  qb = whereTimeRange(qb, 'units', range);
  return paginate(qb, page, { created_at: 'units.created_at' }, toUnit, 'units');
}

export async function updateUnitStatus(
  tx: Tx,
  operatorId: string,
  id: string,
  status: Unit['status'],
  at: Date,
): Promise<void> {
  await tx
    .updateTable('units')
    .set({ status, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

/**
 * Conditional status change: only from one of `from`, so two racing actions cannot both win (the loser's
 * WHERE no longer matches once the winner commits). Returns the unit as changed, or null.
 */
export async function transitionUnit(
  tx: Tx,
  operatorId: string,
  id: string,
  from: readonly Unit['status'][],
  to: Unit['status'],
  at: Date,
): Promise<Unit | null> {
  const row = await tx
    .updateTable('units')
    .set({ status: to, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('status', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** The same conditional change for every unit allocated to the contact's tenancies that is in `from`. */
export async function transitionContactUnits(
  tx: Tx,
  operatorId: string,
  contactId: string,
  from: Unit['status'],
  to: Unit['status'],
  at: Date,
): Promise<Unit[]> {
  const rows = await tx
    .updateTable('units')
    .set({ status: to, updated_at: at })
    .where('operator_id', '=', operatorId)
    .where('status', '=', from)
    .where('id', 'in', (eb: any) =>
      eb
        .selectFrom('unit_allocations')
        .innerJoin('tenancies', 'tenancies.id', 'unit_allocations.tenancy_id')
        .select('unit_allocations.unit_id')
        .where('tenancies.operator_id', '=', operatorId)
        .where('tenancies.contact_id', '=', contactId),
    )
    .returningAll()
    .execute();
  return rows.map(toUnit).sort((a, b) => a.referenceId.localeCompare(b.referenceId));
}

/** Whether any unit the contact's tenancies hold has this status. */
export async function contactHasUnitsIn(
  tx: Handle,
  operatorId: string,
  contactId: string,
  status: Unit['status'],
): Promise<boolean> {
  const row = await tx
    .selectFrom('units')
    .innerJoin('unit_allocations', 'unit_allocations.unit_id', 'units.id')
    .innerJoin('tenancies', 'tenancies.id', 'unit_allocations.tenancy_id')
    .select('units.id')
    .where('units.operator_id', '=', operatorId)
    .where('units.status', '=', status)
    .where('tenancies.operator_id', '=', operatorId)
    .where('tenancies.contact_id', '=', contactId)
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * Picks an available unit of the type and locks it; SKIP LOCKED lets concurrent completions each take a
 * different unit (on PGlite there is one connection, so nothing contends). Lowest reference first.
 */
export async function lockAvailableUnit(tx: Tx, operatorId: string, unitTypeId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('units')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('unit_type_id', '=', unitTypeId)
    .where('status', '=', 'available')
    .orderBy('reference_id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The units allocated to a tenancy, by reference. */
export async function unitsOfTenancy(tx: Handle, operatorId: string, tenancyId: string): Promise<Unit[]> {
  const rows = await tx
    .selectFrom('units')
    .innerJoin('unit_allocations', 'unit_allocations.id', 'units.unit_allocation_id')
    .selectAll('units')
    .where('units.operator_id', '=', operatorId)
    .where('unit_allocations.tenancy_id', '=', tenancyId)
    .orderBy('units.reference_id')
    .execute();
  return rows.map(toUnit);
}

/** Reads the unit and holds its row until the transaction ends: unit actions on one unit run one at a time. */
export async function lockUnit(tx: Tx, operatorId: string, id: string): Promise<Unit | null> {
  const row = await tx
    .selectFrom('units')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toUnit(row) : null;
}

/** Attribute edits (reference, unit type); status moves go through the conditional transitions above. */
export async function updateUnitAttributes(
  tx: Tx,
  operatorId: string,
  id: string,
  change: { referenceId?: string; unitTypeId?: string },
  at: Date,
): Promise<void> {
  const set: Record<string, unknown> = { updated_at: at };
  if (change.referenceId !== undefined) set.reference_id = change.referenceId;
  if (change.unitTypeId !== undefined) set.unit_type_id = change.unitTypeId;
  await tx.updateTable('units').set(set).where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

/** The unit at this site with this reference (case-insensitive), if any. */
export async function findUnitIdByReference(
  tx: Handle,
  operatorId: string,
  siteId: string,
  referenceId: string,
): Promise<string | null> {
  const row = await tx
    .selectFrom('units')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('site_id', '=', siteId)
    .where(sql`lower(reference_id)`, '=', referenceId.toLowerCase())
    .executeTakeFirst();
  return row?.id ?? null;
}
