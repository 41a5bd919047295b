import { sql } from 'kysely';
import type {
  DisabledReason,
  EndpointAuthority,
  EndpointStatus,
  Visibility,
  WebhookEndpoint,
} from '../../domain/webhooks/webhook-endpoint.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate } from './paging.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

function toEndpoint(r: Row<'webhook_endpoints'>): WebhookEndpoint {
  return {
    id: r.id,
    operatorId: r.operator_id,
    applicationId: r.application_id,
    creatorId: r.creator_id,
    authority: { kind: r.authority_kind as EndpointAuthority['kind'], id: r.authority_id },
    name: r.name,
    description: r.description,
    url: r.url,
    apiVersion: r.api_version,
    eventTypes: r.event_types,
    metadata: typeof r.metadata === 'string' ? JSON.parse(r.metadata) : r.metadata,
    secret: r.secret,
    status: r.status as WebhookEndpoint['status'],
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason as DisabledReason | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function visible(tx: Handle, operatorId: string, visibility: Visibility) {
  let qb = tx
    .selectFrom('webhook_endpoints')
    .selectAll('webhook_endpoints')
    .where('webhook_endpoints.operator_id', '=', operatorId)
    .where('webhook_endpoints.deleted_at', 'is', null);
  if (visibility !== 'all') {
    qb = visibility.applicationId
      ? qb.where('webhook_endpoints.application_id', '=', visibility.applicationId)
      : qb.where('webhook_endpoints.application_id', 'is', null);
  }
  return qb;
}

export async function insertEndpoint(tx: Tx, e: WebhookEndpoint): Promise<void> {
  forgetInTx(tx, 'webhook_endpoints:');
  await tx
    .insertInto('webhook_endpoints')
    .values({
      id: e.id,
      operator_id: e.operatorId,
      application_id: e.applicationId,
      creator_id: e.creatorId,
      authority_kind: e.authority.kind,
      authority_id: e.authority.id,
      name: e.name,
      description: e.description,
      url: e.url,
      api_version: e.apiVersion,
      event_types: sql`${e.eventTypes}::text[]`,
      metadata: JSON.stringify(e.metadata),
      secret: e.secret,
      status: e.status,
      disabled_at: e.disabledAt,
      disabled_reason: e.disabledReason,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    })
    .execute();
}

export async function findEndpoint(
  tx: Handle,
  operatorId: string,
  id: string,
  visibility: Visibility,
  forUpdate = false,
): Promise<WebhookEndpoint | undefined> {
  let qb = visible(tx, operatorId, visibility).where('webhook_endpoints.id', '=', id);
  if (forUpdate) qb = qb.forUpdate();
  const r = await qb.executeTakeFirst();
  return r && toEndpoint(r);
}

export async function listEndpoints(
  tx: Handle,
  operatorId: string,
  visibility: Visibility,
  page: Page,
  filter: { statuses?: string[]; metadata?: Record<string, string> },
): Promise<PageOf<WebhookEndpoint>> {
  let qb = visible(tx, operatorId, visibility);
  if (filter.statuses) qb = qb.where('webhook_endpoints.status', 'in', filter.statuses);
  for (const [k, v] of Object.entries(filter.metadata ?? {}))
    qb = qb.where(sql<string>`webhook_endpoints.metadata->>${k}`, '=', v);
  return paginate(qb, page, { created_at: 'webhook_endpoints.created_at' }, toEndpoint, 'webhook_endpoints');
}

export interface EndpointChanges {
  name?: string;
  description?: string | null;
  url?: string;
  eventTypes?: string[];
  metadata?: Record<string, string>;
  status?: EndpointStatus;
  disabledAt?: Date | null;
  disabledReason?: DisabledReason | null;
  authority?: EndpointAuthority;
  deletedAt?: Date;
  updatedAt: Date;
}

export async function updateEndpoint(tx: Tx, operatorId: string, id: string, c: EndpointChanges): Promise<void> {
  const set: Record<string, unknown> = { updated_at: c.updatedAt };
  if (c.name !== undefined) set.name = c.name;
  if (c.description !== undefined) set.description = c.description;
  if (c.url !== undefined) set.url = c.url;
  if (c.eventTypes !== undefined) set.event_types = sql`${c.eventTypes}::text[]`;
  if (c.metadata !== undefined) set.metadata = JSON.stringify(c.metadata);
  if (c.status !== undefined) set.status = c.status;
  if (c.disabledAt !== undefined) set.disabled_at = c.disabledAt;
  if (c.disabledReason !== undefined) set.disabled_reason = c.disabledReason;
  if (c.authority !== undefined) Object.assign(set, { authority_kind: c.authority.kind, authority_id: c.authority.id });
  if (c.deletedAt !== undefined) set.deleted_at = c.deletedAt;
  forgetInTx(tx, 'webhook_endpoints:');
  await tx
    .updateTable('webhook_endpoints')
    .set(set)
    .where('id', '=', id)
    .where('operator_id', '=', operatorId)
    .execute();
}

/**
 * Enabled endpoints of the operator subscribed to `type` (the fan-out). Inside a transaction the operator's enabled
 * endpoints are read once and every event of the transaction filters them (storage/tx-memo.ts).
 */
export async function subscribedEndpointIds(tx: Handle, operatorId: string, type: string): Promise<string[]> {
  const rows = await memoInTx(tx, `webhook_endpoints:${operatorId}`, () =>
    tx
      .selectFrom('webhook_endpoints')
      .select(['id', 'event_types'])
      .where('operator_id', '=', operatorId)
      .where('status', '=', 'enabled')
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .execute(),
  );
  return rows.filter((r) => (r.event_types as string[]).includes(type)).map((r) => r.id);
}

/** Which endpoints a revocation reaches: those answering to revoked tokens or grants, or all of an application's. */
export type AuthorityMatch =
  { kind: 'token' | 'grant'; ids: string[] } | { kind: 'application'; operatorId: string; applicationId: string };

/** Disables the live, enabled endpoints a revocation reaches, in the caller's transaction; returns their ids. */
export async function disableEndpointsOf(
  tx: Tx,
  match: AuthorityMatch,
  reason: DisabledReason,
  at: Date,
): Promise<string[]> {
  if (match.kind !== 'application' && !match.ids.length) return [];
  forgetInTx(tx, 'webhook_endpoints:');
  let qb = tx
    .updateTable('webhook_endpoints')
    .set({ status: 'disabled', disabled_at: at, disabled_reason: reason, updated_at: at })
    .where('status', '=', 'enabled')
    .where('deleted_at', 'is', null);
  qb =
    match.kind === 'application'
      ? qb.where('operator_id', '=', match.operatorId).where('application_id', '=', match.applicationId)
      : qb.where('authority_kind', '=', match.kind).where('authority_id', 'in', match.ids);
  const rows = await qb.returning('id').execute();
  return rows.map((r: any) => r.id);
}
