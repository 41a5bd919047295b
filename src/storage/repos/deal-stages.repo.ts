import type { DealStage } from '../../domain/deals/deal-stage.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';

function toStage(r: Row<'deal_stages'>): DealStage {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    position: r.position,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insertDealStage(tx: Tx, s: DealStage): Promise<void> {
  await tx
    .insertInto('deal_stages')
    .values({
      id: s.id,
      operator_id: s.operatorId,
      name: s.name,
      position: s.position,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })
    .execute();
}

export async function findDealStages(tx: Handle, operatorId: string, ids: string[]): Promise<DealStage[]> {
  if (!ids.length) return [];
  return (
    await tx
      .selectFrom('deal_stages')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', 'in', ids)
      .execute()
  ).map(toStage);
}

export async function listDealStages(tx: Handle, operatorId: string, page: Page): Promise<PageOf<DealStage>> {
  const qb = tx.selectFrom('deal_stages').selectAll('deal_stages').where('deal_stages.operator_id', '=', operatorId);
  return paginate(
    qb,
    page,
    { created_at: 'deal_stages.created_at', updated_at: 'deal_stages.updated_at', position: 'deal_stages.position' },
    toStage,
    'deal_stages',
  );
}

/** The leftmost column of the operator's board (lowest position), where new deals land by default. */
export async function firstDealStageId(tx: Handle, operatorId: string): Promise<string | undefined> {
  const r = await tx
    .selectFrom('deal_stages')
    .select('id')
    .where('operator_id', '=', operatorId)
    .orderBy('position', 'asc')
    .orderBy('created_at', 'asc')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}
