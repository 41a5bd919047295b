import type { Deal, DealFilter, DealLineItem } from '../../domain/deals/deal.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate, whereTimeRange } from './paging.ts';

function toDeal(r: Row<'deals'>): Deal {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    contactId: r.contact_id,
    stageId: r.stage_id,
    status: r.status as Deal['status'],
    lostReason: r.lost_reason as Deal['lostReason'],
    assigneeId: r.assignee_id,
    creatorId: r.creator_id,
    siteId: r.site_id,
    note: r.note,
    valueEstimate: r.value_estimate,
    startsAt: r.starts_at,
    lineItems: ((r.line_items ?? []) as any[]).map((l): DealLineItem => ({
      type: l.type,
      itemId: l.item_id,
      quantity: l.quantity,
    })),
    metadata: (r.metadata ?? {}) as Deal['metadata'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(d: Deal) {
  return {
    name: d.name,
    contact_id: d.contactId,
    stage_id: d.stageId,
    status: d.status,
    lost_reason: d.lostReason,
    assignee_id: d.assigneeId,
    site_id: d.siteId,
    note: d.note,
    value_estimate: d.valueEstimate,
    starts_at: d.startsAt,
    line_items: JSON.stringify(d.lineItems.map((l) => ({ type: l.type, item_id: l.itemId, quantity: l.quantity }))),
    metadata: JSON.stringify(d.metadata),
    updated_at: d.updatedAt,
  };
}

export async function insertDeal(tx: Tx, d: Deal): Promise<void> {
  await tx
    .insertInto('deals')
    .values({ id: d.id, operator_id: d.operatorId, creator_id: d.creatorId, created_at: d.createdAt, ...columns(d) })
    .execute();
}

/**
 * Conditional write: only if the deal is still in the status it was read in, so two racing
 * win/lose/reopen calls cannot both succeed. False when another request got there first.
 */
export async function updateDeal(tx: Tx, d: Deal, expectedStatus: string): Promise<boolean> {
  const r = await tx
    .updateTable('deals')
    .set(columns(d))
    .where('id', '=', d.id)
    .where('operator_id', '=', d.operatorId)
    .where('status', '=', expectedStatus)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findDeals(tx: Handle, operatorId: string, ids: string[]): Promise<Deal[]> {
  if (!ids.length) return [];
  return (
    await tx.selectFrom('deals').selectAll().where('operator_id', '=', operatorId).where('id', 'in', ids).execute()
  ).map(toDeal);
}

export async function listDeals(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: DealFilter,
  range: TimeRange,
): Promise<PageOf<Deal>> {
  let qb = tx.selectFrom('deals').selectAll('deals').where('deals.operator_id', '=', operatorId);
  const inList = (
    column: 'status' | 'stage_id' | 'contact_id' | 'assignee_id' | 'site_id' | 'lost_reason',
    values: string[] | undefined,
  ) => {
    if (values?.length) qb = qb.where(`deals.${column}`, 'in', values);
  };
  inList('status', filter.statuses);
  inList('stage_id', filter.stageIds);
  inList('contact_id', filter.contactIds);
  inList('assignee_id', filter.assigneeIds);
  inList('site_id', filter.siteIds);
  inList('lost_reason', filter.lostReasons);
  if (filter.search) qb = qb.where('deals.name', 'ilike', likePattern(filter.search));
  qb = whereTimeRange(qb, 'deals', range);
  return paginate(
    qb,
    page,
    { created_at: 'deals.created_at', updated_at: 'deals.updated_at', starts_at: 'deals.starts_at' },
    toDeal,
    'deals',
  );
}
