import type { TimelineSource } from '../../domain/timeline/timeline-source.ts';
import type { TimelineTemplate } from '../../domain/timeline/timeline-template.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

// Sources and templates with no operator are global: every operator sees them.

function toSource(r: Row<'timeline_sources'>): TimelineSource {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    websiteUrl: r.website_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toTemplate(r: Row<'timeline_templates'>): TimelineTemplate {
  return {
    id: r.id,
    operatorId: r.operator_id,
    name: r.name,
    message: r.message,
    variables: r.variables as TimelineTemplate['variables'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function visible(tx: Handle, table: 'timeline_sources' | 'timeline_templates', operatorId: string) {
  return tx
    .selectFrom(table)
    .selectAll(table)
    .where((eb) => eb.or([eb(`${table}.operator_id`, '=', operatorId), eb(`${table}.operator_id`, 'is', null)]));
}

/** Global rows carry fixed ids: seeding them again (second operator, restart) is a no-op. */
export async function insertTimelineSource(tx: Tx, s: TimelineSource): Promise<void> {
  await tx
    .insertInto('timeline_sources')
    .values({
      id: s.id,
      operator_id: s.operatorId,
      name: s.name,
      website_url: s.websiteUrl,
      created_at: s.createdAt,
      updated_at: s.updatedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function insertTimelineTemplate(tx: Tx, t: TimelineTemplate): Promise<void> {
  await tx
    .insertInto('timeline_templates')
    .values({
      id: t.id,
      operator_id: t.operatorId,
      name: t.name,
      message: t.message,
      variables: JSON.stringify(t.variables),
      created_at: t.createdAt,
      updated_at: t.updatedAt,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findTimelineSources(tx: Handle, operatorId: string, ids: string[]): Promise<TimelineSource[]> {
  if (!ids.length) return [];
  return (
    (await visible(tx, 'timeline_sources', operatorId).where('id', 'in', ids).execute()) as Row<'timeline_sources'>[]
  ).map(toSource);
}

export async function findTimelineTemplates(
  tx: Handle,
  operatorId: string,
  ids: string[],
): Promise<TimelineTemplate[]> {
  if (!ids.length) return [];
  return (
    (await visible(tx, 'timeline_templates', operatorId)
      .where('id', 'in', ids)
      .execute()) as Row<'timeline_templates'>[]
  ).map(toTemplate);
}

export async function listTimelineSources(
  tx: Handle,
  operatorId: string,
  page: Page,
  range: TimeRange,
): Promise<PageOf<TimelineSource>> {
  const qb = whereTimeRange(visible(tx, 'timeline_sources', operatorId), 'timeline_sources', range);
  return paginate(qb, page, { created_at: 'timeline_sources.created_at' }, toSource, 'timeline_sources');
}

export async function listTimelineTemplates(
  tx: Handle,
  operatorId: string,
  page: Page,
  range: TimeRange,
): Promise<PageOf<TimelineTemplate>> {
  const qb = whereTimeRange(visible(tx, 'timeline_templates', operatorId), 'timeline_templates', range);
  return paginate(qb, page, { created_at: 'timeline_templates.created_at' }, toTemplate, 'timeline_templates');
}
