import { sql } from 'kysely';
import type { Handle } from '../database.ts';

/**
 * The back-office dashboard's reads: each one grouped query over an index (migration 0023), never a row per unit,
 * tenancy or invoice; the domain (domain/dashboard) turns them into per-site figures.
 */

export interface UnitCountRow {
  siteId: string;
  unitTypeId: string;
  /** The unit type's dimensions (JSON as stored), for the area. */
  dimensions: unknown;
  status: string;
  units: number;
}

/** Units per (unit type, status): an index-only scan of units_operator_type_status, joined to the few unit types. */
export async function unitCountsByTypeAndStatus(db: Handle, operatorId: string): Promise<UnitCountRow[]> {
  const rows = await db
    .with('counts', (qb) =>
      qb
        .selectFrom('units')
        .select(['unit_type_id', 'status', sql<number>`count(*)`.as('n')])
        .where('operator_id', '=', operatorId)
        .groupBy(['unit_type_id', 'status']),
    )
    .selectFrom('counts')
    .innerJoin('unit_types', 'unit_types.id', 'counts.unit_type_id')
    .select(['unit_types.site_id', 'counts.unit_type_id', 'unit_types.dimensions', 'counts.status', 'counts.n'])
    .execute();
  return rows.map((r) => ({
    siteId: r.site_id,
    unitTypeId: r.unit_type_id,
    dimensions: r.dimensions,
    status: r.status,
    units: Number(r.n),
  }));
}

/** The instants tenancies start (`starts_at`) or end (`ends_at`) in [from, to), with their site: a bounded range. */
export async function tenancyDatesBetween(
  db: Handle,
  operatorId: string,
  column: 'starts_at' | 'ends_at',
  from: Date,
  to: Date,
): Promise<Array<{ siteId: string; at: Date }>> {
  const rows = await db
    .selectFrom('tenancies')
    .select(['site_id', `${column} as at`])
    .where('operator_id', '=', operatorId)
    .where(column, '>=', from)
    .where(column, '<', to)
    .execute();
  return rows.map((r) => ({ siteId: r.site_id, at: r.at as Date }));
}

/** Unpaid invoices (open or uncollectible) finalized at or before `dueBy`: how many and what is left to pay. */
export async function overdueInvoiceTotals(
  db: Handle,
  operatorId: string,
  dueBy: Date,
): Promise<{ count: number; amount: number }> {
  const row = await db
    .selectFrom('invoices')
    .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount_due - amount_paid), 0)`.as('amount')])
    .where('operator_id', '=', operatorId)
    .where('status', 'in', ['open', 'uncollectible'])
    .where('finalized_at', '<=', dueBy)
    .executeTakeFirst();
  return { count: Number(row?.n ?? 0), amount: Number(row?.amount ?? 0) };
}

/** Open tasks, and how many of them are past their due time at `now`. */
export async function openTaskCounts(
  db: Handle,
  operatorId: string,
  now: Date,
): Promise<{ open: number; overdue: number }> {
  const row = await db
    .selectFrom('tasks')
    .select([sql<number>`count(*)`.as('n'), sql<number>`count(*) FILTER (WHERE due_at < ${now})`.as('overdue')])
    .where('operator_id', '=', operatorId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return { open: Number(row?.n ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/** Every deal stage in board order with its count of open deals (zero for an empty stage). */
export async function openDealsByStage(
  db: Handle,
  operatorId: string,
): Promise<Array<{ stageId: string; name: string; deals: number }>> {
  const rows = await db
    .selectFrom('deal_stages')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('deals')
          .select(['stage_id', sql<number>`count(*)`.as('n')])
          .where('operator_id', '=', operatorId)
          .where('status', '=', 'open')
          .groupBy('stage_id')
          .as('counts'),
      (join) => join.onRef('counts.stage_id', '=', 'deal_stages.id'),
    )
    .select(['deal_stages.id', 'deal_stages.name', 'counts.n'])
    .where('deal_stages.operator_id', '=', operatorId)
    .orderBy('deal_stages.position')
    .orderBy('deal_stages.id')
    .execute();
  return rows.map((r) => ({ stageId: r.id, name: r.name, deals: Number(r.n ?? 0) }));
}

/** The operator's sites' names and time zones (a handful of rows), in name order. */
export async function siteZones(
  db: Handle,
  operatorId: string,
): Promise<Array<{ id: string; name: string; timezone: string }>> {
  return db
    .selectFrom('sites')
    .select(['id', 'name', 'timezone'])
    .where('operator_id', '=', operatorId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}
