import type { Handle, Row } from '../database.ts';

export interface ApiFaultRow {
  id: string;
  operatorId: string;
  targetKind: 'token' | 'application';
  targetId: string;
  kind: string;
  settings: Record<string, unknown>;
  createdAt: Date;
}

function toRow(r: Row<'api_faults'>): ApiFaultRow {
  return {
    id: r.id,
    operatorId: r.operator_id,
    targetKind: r.target_kind as ApiFaultRow['targetKind'],
    targetId: r.target_id,
    kind: r.kind,
    // jsonb comes back parsed from pg and PGlite alike; a string only from drivers that do not parse it.
    settings: (typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings) as Record<string, unknown>,
    createdAt: r.created_at,
  };
}

/** Sets a fault: one per (operator, target, kind), a new id each time so its request count starts again. */
export async function upsertApiFault(h: Handle, f: ApiFaultRow): Promise<void> {
  await h
    .insertInto('api_faults')
    .values({
      id: f.id,
      operator_id: f.operatorId,
      target_kind: f.targetKind,
      target_id: f.targetId,
      kind: f.kind,
      settings: JSON.stringify(f.settings),
      created_at: f.createdAt,
    })
    .onConflict((oc) =>
      oc.columns(['operator_id', 'target_kind', 'target_id', 'kind']).doUpdateSet({
        id: f.id,
        settings: JSON.stringify(f.settings),
        created_at: f.createdAt,
      }),
    )
    .execute();
}

export async function listApiFaults(h: Handle, operatorId?: string): Promise<ApiFaultRow[]> {
  let q = h.selectFrom('api_faults').selectAll();
  if (operatorId) q = q.where('operator_id', '=', operatorId);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toRow);
}

/** Deletes the operator's faults (of one target and/or kind when given); returns how many. */
export async function deleteApiFaults(
  h: Handle,
  operatorId: string,
  filter: { targetId?: string; kind?: string },
): Promise<number> {
  let q = h.deleteFrom('api_faults').where('operator_id', '=', operatorId);
  if (filter.targetId) q = q.where('target_id', '=', filter.targetId);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}
