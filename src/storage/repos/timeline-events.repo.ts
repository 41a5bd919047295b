import type { TimelineEvent, TimelineEventLink } from '../../domain/timeline/timeline-event.ts';
import type { Handle, Tx } from '../database.ts';

const LINK_COLUMNS: Record<TimelineEventLink, string> = {
  contact: 'contact_id',
  invoice: 'invoice_id',
  site: 'site_id',
  subscription: 'subscription_id',
  tenancy: 'tenancy_id',
  unit: 'unit_id',
  unit_type: 'unit_type_id',
};

function toEvent(r: any): TimelineEvent {
  const links = Object.fromEntries(
    Object.entries(LINK_COLUMNS).map(([k, c]) => [k, r[c] ?? null]),
  ) as TimelineEvent['links'];
  return {
    id: r.id,
    operatorId: r.operator_id,
    sourceId: r.source_id,
    templateId: r.template_id,
    links,
    description: r.description,
    external: r.external_id === null && r.external_url === null ? null : { id: r.external_id, url: r.external_url },
    variables: r.variables ?? {},
    message: r.message,
    globalMessage: r.global_message,
    creatorId: r.creator_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function columns(e: TimelineEvent) {
  const links = Object.fromEntries(Object.entries(LINK_COLUMNS).map(([k, c]) => [c, e.links[k as TimelineEventLink]]));
  return {
    source_id: e.sourceId,
    template_id: e.templateId,
    ...links,
    description: e.description,
    external_id: e.external?.id ?? null,
    external_url: e.external?.url ?? null,
    variables: JSON.stringify(e.variables),
    message: e.message,
    global_message: e.globalMessage,
    updated_at: e.updatedAt,
  };
}

export async function insertTimelineEvent(tx: Tx, e: TimelineEvent): Promise<void> {
  await tx
    .insertInto('timeline_events')
    .values({ id: e.id, operator_id: e.operatorId, creator_id: e.creatorId, created_at: e.createdAt, ...columns(e) })
    .execute();
}

export async function updateTimelineEvent(tx: Tx, e: TimelineEvent): Promise<void> {
  await tx
    .updateTable('timeline_events')
    .set(columns(e))
    .where('id', '=', e.id)
    .where('operator_id', '=', e.operatorId)
    .execute();
}

export async function deleteTimelineEvent(tx: Tx, operatorId: string, id: string): Promise<void> {
  await tx.deleteFrom('timeline_events').where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

export async function findTimelineEvents(tx: Handle, operatorId: string, ids: string[]): Promise<TimelineEvent[]> {
  if (!ids.length) return [];
  return (
    await tx
      .selectFrom('timeline_events')
      .selectAll()
      .where('operator_id', '=', operatorId)
      .where('id', 'in', ids)
      .execute()
  ).map(toEvent);
}

/** A contact's timeline, newest first, with the source's and the creating application's names. */
export async function listContactTimeline(
  tx: Handle,
  operatorId: string,
  contactId: string,
  limit: number,
): Promise<Array<{ event: TimelineEvent; sourceName: string; applicationName: string | null }>> {
  const rows = await tx
    .selectFrom('timeline_events as e')
    .innerJoin('timeline_sources as s', 's.id', 'e.source_id')
    .leftJoin('oauth_applications as a', 'a.id', 'e.creator_id')
    .selectAll('e')
    .select(['s.name as source_name', 'a.name as application_name'])
    .where('e.operator_id', '=', operatorId)
    .where('e.contact_id', '=', contactId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r: any) => ({
    event: toEvent(r),
    sourceName: r.source_name,
    applicationName: r.application_name ?? null,
  }));
}
