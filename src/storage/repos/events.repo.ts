import type { Handle, Tx } from '../database.ts';

export interface EventRow {
  id: string;
  operatorId: string;
  type: string;
  apiVersion: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** The API request whose transaction emitted it (null for jobs, pages, the CLI and the seed). */
  requestId?: string | null;
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
      request_id: e.requestId ?? null,
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

/** The newest event's `seq` (0 when there is none): where a live stream starts. */
export async function latestEventSeq(db: Handle): Promise<number> {
  const r = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}

/** Events written after `seq`, oldest first (the live stream of `lockyard listen`). */
export async function eventsAfter(
  db: Handle,
  seq: number,
  filter: { operatorId?: string; types?: string[]; limit: number },
): Promise<Array<EventRow & { seq: number }>> {
  let qb = db.selectFrom('events').selectAll().where('seq', '>', seq);
  if (filter.operatorId) qb = qb.where('operator_id', '=', filter.operatorId);
  if (filter.types?.length) qb = qb.where('type', 'in', filter.types);
  const rows = await qb.orderBy('seq').limit(filter.limit).execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    operatorId: r.operator_id,
    type: r.type,
    apiVersion: r.api_version,
    payload: r.payload as EventRow['payload'],
    createdAt: r.created_at,
  }));
}
