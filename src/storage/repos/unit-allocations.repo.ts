import type { UnitAllocation } from '../../domain/catalogue/unit-allocation.ts';
import type { Tx } from '../database.ts';

function toAllocation(r: any): UnitAllocation {
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
  await tx
    .insertInto('unit_allocations')
    .values({
      id: a.id,
      operator_id: a.operatorId,
      unit_id: a.unitId,
      tenancy_id: a.tenancyId,
      reserved_at: a.reservedAt,
      granted_access_at: a.grantedAccessAt,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    })
    .execute();
  await tx
    .updateTable('units')
    .set({ unit_allocation_id: a.id })
    .where('id', '=', a.unitId)
    .where('operator_id', '=', a.operatorId)
    .execute();
}

export async function findUnitAllocations(tx: Tx, operatorId: string, ids: string[]): Promise<UnitAllocation[]> {
  if (!ids.length) return [];
  const rows = await tx.selectFrom('unit_allocations').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute();
  return rows.map(toAllocation);
}
