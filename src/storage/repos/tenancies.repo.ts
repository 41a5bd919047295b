import { sql } from 'kysely';
import type { Tenancy } from '../../domain/billing/tenancy.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toTenancy(r: Row<'tenancies'>): Tenancy {
  return {
    id: r.id,
    operatorId: r.operator_id,
    contactId: r.contact_id,
    siteId: r.site_id,
    unitTypeId: r.unit_type_id,
    orderId: r.order_id,
    subscriptionId: r.subscription_id,
    unitAllocationIds: [],
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function withAllocations(tx: Handle, list: Tenancy[]): Promise<Tenancy[]> {
  if (!list.length) return list;
  const rows = await tx
    .selectFrom('unit_allocations')
    .select(['id', 'tenancy_id'])
    .where(
      'tenancy_id',
      'in',
      list.map((t) => t.id),
    )
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .execute();
  const byTenancy = new Map(list.map((t) => [t.id, t]));
  for (const r of rows) byTenancy.get(r.tenancy_id)?.unitAllocationIds.push(r.id);
  return list;
}

export async function insertTenancy(tx: Tx, t: Omit<Tenancy, 'unitAllocationIds'>): Promise<void> {
  await insertTenancies(tx, [t]);
}

/** One multi-row statement (the demo seed writes a few hundred). */
export async function insertTenancies(tx: Tx, list: Array<Omit<Tenancy, 'unitAllocationIds'>>): Promise<void> {
  if (!list.length) return;
  await tx
    .insertInto('tenancies')
    .values(
      list.map((t) => ({
        id: t.id,
        operator_id: t.operatorId,
        contact_id: t.contactId,
        site_id: t.siteId,
        unit_type_id: t.unitTypeId,
        order_id: t.orderId,
        subscription_id: t.subscriptionId,
        starts_at: t.startsAt,
        ends_at: t.endsAt,
        created_at: t.createdAt,
        updated_at: t.updatedAt,
      })),
    )
    .execute();
}

export async function findTenancies(tx: Handle, operatorId: string, ids: string[]): Promise<Tenancy[]> {
  if (!ids.length) return [];
  const rows = await tx
    .selectFrom('tenancies')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('id', 'in', ids)
    .execute();
  return withAllocations(tx, rows.map(toTenancy));
}

export async function listTenancies(tx: Handle, operatorId: string, page: Page): Promise<PageOf<Tenancy>> {
  const qb = tx.selectFrom('tenancies').selectAll('tenancies').where('tenancies.operator_id', '=', operatorId);
  const res = await paginate(qb, page, { created_at: 'tenancies.created_at' }, toTenancy, 'tenancies');
  await withAllocations(tx, res.items);
  return res;
}

/** The move-in step's once-only mark: true for the call that set it. */
export async function markTenancyStarted(tx: Tx, operatorId: string, id: string, at: Date): Promise<boolean> {
  const row = await tx
    .updateTable('tenancies')
    .set({ started_at: at, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .where('started_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

export async function setTenancyEnd(tx: Tx, operatorId: string, id: string, endsAt: Date, at: Date): Promise<void> {
  await tx
    .updateTable('tenancies')
    .set({ ends_at: endsAt, updated_at: at })
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

/** Seeded tenancies that began in the past count as started. */
export async function markStartedBefore(tx: Tx, operatorId: string, before: Date): Promise<void> {
  await tx
    .updateTable('tenancies')
    .set({ started_at: sql`starts_at` })
    .where('operator_id', '=', operatorId)
    .where('starts_at', '<=', before)
    .where('started_at', 'is', null)
    .execute();
  await tx
    .updateTable('subscriptions')
    .set({ started_at: sql`starts_at` })
    .where('operator_id', '=', operatorId)
    .where('starts_at', '<=', before)
    .where('started_at', 'is', null)
    .execute();
}
