import type { Handle, Row, Tx } from '../database.ts';
import { likePattern } from './paging.ts';

/** One answered API request, as the request inspector and Developers → Requests show it. */
export interface RequestRecord {
  requestId: string;
  operatorId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  tokenId: string | null;
  applicationId: string | null;
  /** The record the response named (a create's new id), for changes that emit no event. */
  resourceType: string | null;
  resourceId: string | null;
  createdAt: Date;
}

export interface RequestFilter {
  method?: string;
  /** `2xx`, `4xx`, `5xx`. */
  statusClass?: number;
  pathContains?: string;
  applicationId?: string;
  limit: number;
}

const toRecord = (r: Row<'request_log'>): RequestRecord => ({
  requestId: r.request_id,
  operatorId: r.operator_id,
  method: r.method,
  path: r.path,
  status: r.status,
  durationMs: r.duration_ms,
  tokenId: r.token_id,
  applicationId: r.application_id,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  createdAt: r.created_at,
});

export async function insertRequest(tx: Handle, r: RequestRecord): Promise<void> {
  await tx
    .insertInto('request_log')
    .values({
      request_id: r.requestId,
      operator_id: r.operatorId,
      method: r.method,
      path: r.path,
      status: r.status,
      duration_ms: r.durationMs,
      token_id: r.tokenId,
      application_id: r.applicationId,
      resource_type: r.resourceType,
      resource_id: r.resourceId,
      created_at: r.createdAt,
    })
    .onConflict((oc) => oc.column('request_id').doNothing())
    .execute();
}

export async function findRequest(tx: Handle, operatorId: string, id: string): Promise<RequestRecord | undefined> {
  const r = await tx
    .selectFrom('request_log')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('request_id', '=', id)
    .executeTakeFirst();
  return r && toRecord(r);
}

/** Newest first. */
export async function listRequests(tx: Handle, operatorId: string, f: RequestFilter): Promise<RequestRecord[]> {
  let qb = tx.selectFrom('request_log').selectAll().where('operator_id', '=', operatorId);
  if (f.method) qb = qb.where('method', '=', f.method);
  if (f.statusClass) qb = qb.where('status', '>=', f.statusClass * 100).where('status', '<', f.statusClass * 100 + 100);
  if (f.pathContains) qb = qb.where('path', 'like', likePattern(f.pathContains));
  if (f.applicationId) qb = qb.where('application_id', '=', f.applicationId);
  const rows = await qb.orderBy('created_at', 'desc').orderBy('request_id', 'desc').limit(f.limit).execute();
  return rows.map(toRecord);
}

/** The ids of the events a request's transactions wrote, oldest first. */
export async function eventIdsOfRequest(tx: Handle, operatorId: string, requestId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('events')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where('request_id', '=', requestId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.id);
}

/** Retention: log lines older than `days` of real time go (events keep their `request_id`). */
export async function pruneRequestLog(tx: Tx, now: Date, days: number): Promise<number> {
  const res = await tx
    .deleteFrom('request_log')
    .where('created_at', '<', new Date(now.getTime() - days * 86_400_000))
    .executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}
