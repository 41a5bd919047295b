import { sql } from 'kysely';
import type { DeliveryAttempt, DeliveryStatus, LoggedEvent, WebhookDelivery } from '../../domain/webhooks/delivery.ts';
import type { Visibility } from '../../domain/webhooks/webhook-endpoint.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { paginate, whereTimeRange } from './paging.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function insertPayload(
  tx: Tx,
  p: { eventId: string; operatorId: string; body: string; createdAt: Date },
): Promise<void> {
  await tx
    .insertInto('webhook_payloads')
    .values({ event_id: p.eventId, operator_id: p.operatorId, body: p.body, created_at: p.createdAt })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .execute();
}

export interface NewDelivery {
  id: string;
  operatorId: string;
  eventId: string;
  endpointId: string;
  resendOf?: string | null;
  createdAt: Date;
}

export async function insertDeliveries(tx: Tx, rows: NewDelivery[]): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('webhook_deliveries')
    .values(
      rows.map((d) => ({
        id: d.id,
        operator_id: d.operatorId,
        event_id: d.eventId,
        endpoint_id: d.endpointId,
        status: 'pending',
        attempt_count: 0,
        next_attempt_at: d.createdAt,
        resend_of: d.resendOf ?? null,
        created_at: d.createdAt,
        updated_at: d.createdAt,
      })),
    )
    .execute();
}

export interface DeliveryTarget {
  deliveryId: string;
  url: string;
  secret: string;
  body: string;
  eventType: string;
  authorityKind: string;
  authorityId: string;
  operatorId: string;
  /** The OAuth application that owns the endpoint, if one does. */
  applicationId: string | null;
  /** What the endpoint's authority may read now; null when it is revoked, deleted or expired. */
  authorityScopes: string[] | null;
}

/**
 * What the worker needs to send: only deliveries still pending to an enabled, existing endpoint, with the
 * current scopes of the credential the endpoint answers to (a partner application's own authority is the
 * union of its live grants for the operator; an operator application's, its registered scopes).
 */
export async function deliveryTargets(
  tx: Handle,
  deliveryIds: string[],
  machineNow: Date,
): Promise<Map<string, DeliveryTarget>> {
  const out = new Map<string, DeliveryTarget>();
  if (!deliveryIds.length) return out;
  const res = await sql<any>`
    SELECT d.id, e.url, e.secret, COALESCE(p.body, ev.payload::text) AS body, ev.type AS event_type, e.authority_kind,
      e.authority_id, e.operator_id, e.application_id,
      CASE e.authority_kind
        WHEN 'token' THEN (SELECT t.scopes FROM access_tokens t WHERE t.id = e.authority_id AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > ${machineNow.toISOString()}::timestamptz))
        WHEN 'grant' THEN (SELECT g.scopes FROM oauth_grants g WHERE g.id = e.authority_id AND g.revoked_at IS NULL)
        WHEN 'application' THEN (SELECT CASE WHEN a.kind = 'operator' THEN a.scopes ELSE
            (SELECT COALESCE(array_agg(DISTINCT s), '{}') FROM oauth_grants g, unnest(g.scopes) AS s
             WHERE g.application_id = a.id AND g.operator_id = e.operator_id AND g.revoked_at IS NULL) END
          FROM oauth_applications a WHERE a.id = e.authority_id AND a.deleted_at IS NULL)
      END AS authority_scopes
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    JOIN events ev ON ev.id = d.event_id
    LEFT JOIN webhook_payloads p ON p.event_id = d.event_id
    WHERE d.id = ANY(${deliveryIds}::text[]) AND d.status = 'pending' AND e.status = 'enabled' AND e.deleted_at IS NULL`.execute(
    tx,
  );
  for (const r of res.rows) {
    out.set(r.id, {
      deliveryId: r.id,
      url: r.url,
      secret: r.secret,
      body: r.body,
      eventType: r.event_type,
      authorityKind: r.authority_kind,
      authorityId: r.authority_id,
      operatorId: r.operator_id,
      applicationId: r.application_id,
      authorityScopes: r.authority_scopes,
    });
  }
  return out;
}

export interface DeliveryState {
  id: string;
  status: DeliveryStatus;
  attemptCount: number;
  endpointActive: boolean;
}

export async function lockDeliveries(tx: Tx, ids: string[]): Promise<Map<string, DeliveryState>> {
  const out = new Map<string, DeliveryState>();
  if (!ids.length) return out;
  const res = await sql<any>`
    SELECT d.id, d.status, d.attempt_count, (e.status = 'enabled' AND e.deleted_at IS NULL) AS endpoint_active
    FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
    WHERE d.id = ANY(${ids}::text[]) ORDER BY d.id FOR UPDATE OF d`.execute(tx);
  for (const r of res.rows)
    out.set(r.id, { id: r.id, status: r.status, attemptCount: r.attempt_count, endpointActive: r.endpoint_active });
  return out;
}

export async function insertAttempts(tx: Tx, rows: Array<DeliveryAttempt & { deliveryId: string }>): Promise<void> {
  if (!rows.length) return;
  await tx
    .insertInto('webhook_delivery_attempts')
    .values(
      rows.map((a) => ({
        request_id: a.requestId,
        delivery_id: a.deliveryId,
        attempt: a.attempt,
        attempted_at: a.attemptedAt,
        status_code: a.statusCode,
        duration_ms: a.durationMs,
        response_snippet: a.responseSnippet,
        error: a.error,
        request_headers: a.requestHeaders === null ? null : JSON.stringify(a.requestHeaders),
      })),
    )
    .execute();
}

export async function updateDeliveries(
  tx: Tx,
  rows: Array<{
    id: string;
    status: DeliveryStatus;
    attemptCount: number;
    nextAttemptAt: Date | null;
    updatedAt: Date;
    statusReason?: string | null;
  }>,
): Promise<void> {
  if (!rows.length) return;
  await sql`
    UPDATE webhook_deliveries d
    SET status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next_attempt_at, updated_at = v.updated_at,
      status_reason = COALESCE(v.status_reason, d.status_reason)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.attemptCount)}::int[],
      ${rows.map((r) => iso(r.nextAttemptAt))}::timestamptz[], ${rows.map((r) => iso(r.updatedAt))}::timestamptz[],
      ${rows.map((r) => r.statusReason ?? null)}::text[])
      AS v(id, status, attempt_count, next_attempt_at, updated_at, status_reason)
    WHERE d.id = v.id`.execute(tx);
}

/** Disabling or deleting endpoints: their pending deliveries (and so their retries) end here, with the reason. */
export async function cancelPendingForEndpoints(
  tx: Tx,
  endpointIds: string[],
  reason: string,
  at: Date,
): Promise<number> {
  if (!endpointIds.length) return 0;
  const res = await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', next_attempt_at: null, updated_at: at, status_reason: reason })
    .where('endpoint_id', 'in', endpointIds)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0);
}

function toDelivery(r: Row<'webhook_deliveries'> & { event_type: string }): WebhookDelivery {
  return {
    id: r.id,
    operatorId: r.operator_id,
    eventId: r.event_id,
    eventType: r.event_type,
    endpointId: r.endpoint_id,
    status: r.status as WebhookDelivery['status'],
    attemptCount: r.attempt_count,
    nextAttemptAt: r.next_attempt_at,
    resendOf: r.resend_of,
    statusReason: r.status_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    attempts: [],
  };
}

function deliveriesBase(tx: Handle, operatorId: string, visibility: Visibility) {
  let qb = tx
    .selectFrom('webhook_deliveries')
    .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
    .innerJoin('events', 'events.id', 'webhook_deliveries.event_id')
    .selectAll('webhook_deliveries')
    .select('events.type as event_type')
    .where('webhook_deliveries.operator_id', '=', operatorId);
  if (visibility !== 'all') {
    qb = visibility.applicationId
      ? qb.where('webhook_endpoints.application_id', '=', visibility.applicationId)
      : qb.where('webhook_endpoints.application_id', 'is', null);
  }
  return qb;
}

async function withAttempts(tx: Handle, list: WebhookDelivery[]): Promise<WebhookDelivery[]> {
  if (!list.length) return list;
  const rows = await tx
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      list.map((d) => d.id),
    )
    .orderBy('attempt')
    .orderBy('attempted_at')
    .execute();
  const byId = new Map(list.map((d) => [d.id, d]));
  for (const r of rows) {
    byId.get(r.delivery_id)?.attempts.push({
      requestId: r.request_id,
      attempt: r.attempt,
      attemptedAt: r.attempted_at,
      statusCode: r.status_code,
      durationMs: r.duration_ms,
      responseSnippet: r.response_snippet,
      error: r.error,
      requestHeaders: (typeof r.request_headers === 'string'
        ? JSON.parse(r.request_headers)
        : r.request_headers) as Record<string, string> | null,
    });
  }
  return list;
}

export async function listDeliveries(
  tx: Handle,
  operatorId: string,
  visibility: Visibility,
  page: Page,
  filter: { endpointId?: string; eventId?: string; statuses?: string[] },
): Promise<PageOf<WebhookDelivery>> {
  let qb = deliveriesBase(tx, operatorId, visibility);
  if (filter.endpointId) qb = qb.where('webhook_deliveries.endpoint_id', '=', filter.endpointId);
  if (filter.eventId) qb = qb.where('webhook_deliveries.event_id', '=', filter.eventId);
  if (filter.statuses) qb = qb.where('webhook_deliveries.status', 'in', filter.statuses);
  const res = await paginate(
    qb,
    page,
    { created_at: 'webhook_deliveries.created_at', updated_at: 'webhook_deliveries.updated_at' },
    toDelivery,
    'webhook_deliveries',
  );
  await withAttempts(tx, res.items);
  return res;
}

export async function findDelivery(
  tx: Handle,
  operatorId: string,
  id: string,
  visibility: Visibility,
): Promise<WebhookDelivery | undefined> {
  const r = await deliveriesBase(tx, operatorId, visibility).where('webhook_deliveries.id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const [d] = await withAttempts(tx, [toDelivery(r)]);
  return d;
}

function toLoggedEvent(
  r: Pick<Row<'events'>, 'id' | 'type' | 'created_at' | 'payload' | 'request_id'> & { body: string | null },
): LoggedEvent {
  const body = r.body ? JSON.parse(r.body) : typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
  return { id: r.id, type: r.type, createdAt: r.created_at, body, requestId: r.request_id };
}

function eventsBase(tx: Handle, operatorId: string) {
  return tx
    .selectFrom('events')
    .leftJoin('webhook_payloads', 'webhook_payloads.event_id', 'events.id')
    .select([
      'events.id',
      'events.type',
      'events.created_at',
      'events.payload',
      'events.request_id',
      'webhook_payloads.body',
    ])
    .where('events.operator_id', '=', operatorId);
}

export async function listLoggedEvents(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: { types?: string[]; range?: TimeRange },
): Promise<PageOf<LoggedEvent>> {
  let qb = eventsBase(tx, operatorId);
  if (filter.types) qb = qb.where('events.type', 'in', filter.types);
  if (filter.range) qb = whereTimeRange(qb, 'events', filter.range);
  return paginate(qb, page, { created_at: 'events.created_at' }, toLoggedEvent, 'events');
}

export async function findLoggedEvent(tx: Handle, operatorId: string, id: string): Promise<LoggedEvent | undefined> {
  const r = await eventsBase(tx, operatorId).where('events.id', '=', id).executeTakeFirst();
  return r && toLoggedEvent(r);
}

/**
 * Retention: finished deliveries (and their attempts) older than `days` by the operator's clock go,
 * then stored bodies no delivery needs any more. Returns the number of deliveries removed.
 */
export async function pruneDeliveryLog(tx: Tx, machineNow: Date, days: number): Promise<number> {
  const res = await sql`
    DELETE FROM webhook_deliveries d
    USING operators o
    WHERE o.id = d.operator_id AND d.status <> 'pending'
      AND d.updated_at < ${machineNow.toISOString()}::timestamptz + (o.clock_offset_ms * interval '1 millisecond') - (${days} * interval '1 day')`.execute(
    tx,
  );
  await sql`
    DELETE FROM webhook_payloads p
    USING operators o
    WHERE o.id = p.operator_id
      AND p.created_at < ${machineNow.toISOString()}::timestamptz + (o.clock_offset_ms * interval '1 millisecond') - (${days} * interval '1 day')
      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = p.event_id)`.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}
