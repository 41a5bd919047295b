import { sql } from 'kysely';
import type { UnitAllocation } from '../../domain/catalogue/unit-allocation.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toAllocation(r: Row<'unit_allocations'>): UnitAllocation {
  return {
    id: r.id,
    operatorId: r.operator_id,
    unitId: r.unit_id,
    tenancyId: r.tenancy_id,
    reservedAt: r.reserved_at,
    grantedAccessAt: r.granted_access_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Inserts the allocation and points its unit at it; the unit's status is the caller's business. */
export async function insertUnitAllocation(tx: Tx, a: UnitAllocation): Promise<void> {
  await insertUnitAllocations(tx, [a]);
}

/** Several allocations in two statements: the rows, then each unit's pointer. */
export async function insertUnitAllocations(tx: Tx, list: UnitAllocation[]): Promise<void> {
  if (!list.length) return;
  await tx
    .insertInto('unit_allocations')
    .values(
      list.map((a) => ({
        id: a.id,
        operator_id: a.operatorId,
        unit_id: a.unitId,
        tenancy_id: a.tenancyId,
        reserved_at: a.reservedAt,
        granted_access_at: a.grantedAccessAt,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      })),
    )
    .execute();
  await sql`
    UPDATE units u SET unit_allocation_id = v.alloc_id
    FROM unnest(${list.map((a) => a.unitId)}::text[], ${list.map((a) => a.id)}::text[]) AS v(unit_id, alloc_id)
    WHERE u.id = v.unit_id AND u.operator_id = ${list[0].operatorId}`.execute(tx);
}

/** Ids of the operator's units that hold an allocation. */
export async function allocatedUnitIds(tx: Handle, operatorId: string): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('unit_allocations')
    .select('unit_id')
    .where('operator_id', '=', operatorId)
    .execute();
  return new Set(rows.map((r: { unit_id: string }) => r.unit_id));
}

export async function findUnitAllocations(tx: Handle, operatorId: string, ids: string[]): Promise<UnitAllocation[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('unit_allocations')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return rows.map(toAllocation);
}

export interface UnitAllocationFilter {
  contactIds?: string[];
  tenancyIds?: string[];
  unitIds?: string[];
  siteIds?: string[];
}

/** Contact and site filters go through the tenancy and the unit. */
export async function listUnitAllocations(
  tx: Handle,
  operatorId: string,
  page: Page,
  f: UnitAllocationFilter,
): Promise<PageOf<UnitAllocation>> {
  let qb = tx
    .selectFrom('unit_allocations')
    .selectAll('unit_allocations')
    .where('unit_allocations.operator_id', '=', operatorId);
  if (f.tenancyIds) qb = qb.where('unit_allocations.tenancy_id', 'in', f.tenancyIds);
  if (f.unitIds) qb = qb.where('unit_allocations.unit_id', 'in', f.unitIds);
  if (f.contactIds) {
    const contactIds = f.contactIds;
    qb = qb.where('unit_allocations.tenancy_id', 'in', (eb: any) =>
      eb
        .selectFrom('tenancies')
        .select('id')
        .where('operator_id', '=', operatorId)
        .where('contact_id', 'in', contactIds),
    );
  }
  if (f.siteIds) {
    const siteIds = f.siteIds;
    qb = qb.where('unit_allocations.unit_id', 'in', (eb: any) =>
      eb.selectFrom('units').select('id').where('operator_id', '=', operatorId).where('site_id', 'in', siteIds),
    );
  }
  return paginate(qb, page, { created_at: 'unit_allocations.created_at' }, toAllocation, 'unit_allocations');
}

export async function findAllocationOfUnit(
  tx: Handle,
  operatorId: string,
  unitId: string,
): Promise<UnitAllocation | null> {
  const row = await tx
    .selectFrom('unit_allocations')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row ? toAllocation(row) : null;
}

export async function markAccessGranted(tx: Tx, operatorId: string, id: string, at: Date): Promise<void> {
  await tx
    .updateTable('unit_allocations')
    .set({ granted_access_at: at, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

/** Deallocation removes the allocation entirely; the unit's pointer clears with it (ON DELETE SET NULL). */
export async function deleteUnitAllocation(tx: Tx, operatorId: string, id: string): Promise<void> {
  await tx.deleteFrom('unit_allocations').where('id', '=', id).where('operator_id', '=', operatorId).execute();
}
