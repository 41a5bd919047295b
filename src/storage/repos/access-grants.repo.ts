import { sql } from 'kysely';
import type { AccessGrant, AccessGrantFilter, AccessState } from '../../domain/access-control/access-grant.ts';
import type { PageOf } from '../../kernel/listing.ts';
import type { Handle, Row, Tx } from '../database.ts';

function toGrant(r: Row<'access_grants'>): AccessGrant {
  return {
    unitId: r.unit_id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    tenancyId: r.tenancy_id,
    state: r.state as AccessState,
    code: r.code,
    reason: r.reason,
    updatedAt: r.updated_at,
  };
}

export async function findAccessGrant(tx: Handle, operatorId: string, unitId: string): Promise<AccessGrant | null> {
  const row = await tx
    .selectFrom('access_grants')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row ? toGrant(row) : null;
}

/** One row per unit: the latest decision replaces the one before. */
export async function saveAccessGrant(tx: Tx, g: AccessGrant): Promise<void> {
  const row = {
    operator_id: g.operatorId,
    contact_id: g.contactId,
    tenancy_id: g.tenancyId,
    state: g.state,
    code: g.code,
    reason: g.reason,
    updated_at: g.updatedAt,
  };
  await tx
    .insertInto('access_grants')
    .values({ unit_id: g.unitId, ...row })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(row))
    .execute();
}

/** Newest change first, then by unit; the total from a window count. */
export async function listAccessGrants(
  h: Handle,
  operatorId: string,
  f: AccessGrantFilter,
  page: { page: number; limit: number },
): Promise<PageOf<AccessGrant>> {
  let qb = h.selectFrom('access_grants').selectAll().where('operator_id', '=', operatorId);
  if (f.unitIds) qb = qb.where('unit_id', 'in', f.unitIds);
  if (f.contactIds) qb = qb.where('contact_id', 'in', f.contactIds);
  const rows = await qb
    .select(sql<number>`count(*) over()`.as('__total'))
    .orderBy('updated_at', 'desc')
    .orderBy('unit_id', 'asc')
    .limit(page.limit)
    .offset((page.page - 1) * page.limit)
    .execute();
  let total = rows.length ? Number(rows[0].__total) : 0;
  if (!rows.length && page.page > 1) {
    const r = await qb
      .clearSelect()
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirst();
    total = Number(r?.n ?? 0);
  }
  return { items: rows.map(toGrant), total };
}

/** Seed: many doors in one statement. */
export async function insertAccessGrants(tx: Tx, list: AccessGrant[]): Promise<void> {
  if (!list.length) return;
  await tx
    .insertInto('access_grants')
    .values(
      list.map((g) => ({
        unit_id: g.unitId,
        operator_id: g.operatorId,
        contact_id: g.contactId,
        tenancy_id: g.tenancyId,
        state: g.state,
        code: g.code,
        reason: g.reason,
        updated_at: g.updatedAt,
      })),
    )
    .execute();
}
