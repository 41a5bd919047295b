import type { Handle, Tx } from '../database.ts';

export interface EventRow {
  id: string;
  operatorId: string;
  type: string;
  apiVersion: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

export async function insertEvent(tx: Tx, e: EventRow): Promise<void> {
  await tx
    .insertInto('events')
    .values({
      id: e.id,
      operator_id: e.operatorId,
      type: e.type,
      api_version: e.apiVersion,
      payload: JSON.stringify(e.payload),
      created_at: e.createdAt,
    })
    .execute();
}

export async function listEvents(
  tx: Handle,
  operatorId: string,
  filter: { type?: string; limit: number },
): Promise<EventRow[]> {
  let qb = tx.selectFrom('events').selectAll().where('operator_id', '=', operatorId);
  if (filter.type) qb = qb.where('type', '=', filter.type);
  const rows = await qb.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    operatorId: r.operator_id,
    type: r.type,
    apiVersion: r.api_version,
    payload: r.payload as EventRow['payload'],
    createdAt: r.created_at,
  }));
}
