import type { Clock } from '../../kernel/clock.ts';
import { notFound } from '../../kernel/errors.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as log from '../../storage/repos/request-log.repo.ts';
import * as deliveries from '../../storage/repos/webhook-deliveries.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { LoggedEvent, WebhookDelivery } from '../webhooks/delivery.ts';
import { readScopeOf } from '../webhooks/event-scopes.ts';
import type { Visibility } from '../webhooks/webhook-endpoint.ts';
import { visibilityOf } from '../webhooks/webhook-endpoints.service.ts';

export type { RequestRecord, RequestFilter } from '../../storage/repos/request-log.repo.ts';

/** How long request log lines are kept, in real time (events keep their `request_id` for as long as they live). */
export const REQUEST_LOG_RETENTION_DAYS = 30;

/** A record a request changed: named by its response or by an event it emitted. */
export interface ChangedRecord {
  type: string;
  id: string;
  /** The event types that reported the change, in the order emitted. */
  events: string[];
}

/** What one request did: the request, the records it changed, the events it emitted and their deliveries. */
export interface InspectedRequest {
  requestId: string;
  request: log.RequestRecord | null;
  records: ChangedRecord[];
  events: Array<LoggedEvent & { deliveries: WebhookDelivery[] }>;
}

/** Who looks: a token sees its application's requests only (an operator token sees the operator's). */
interface Viewer {
  applicationId: string | null | 'all';
  canRead(eventType: string): boolean;
  deliveries: Visibility | null;
}

/** The resource an event reports: `data.<key>.id`. */
function resourceOf(e: LoggedEvent): { type: string; id: string } | null {
  const data = ((e.body.event ?? e.body) as { data?: Record<string, { id?: unknown }> }).data ?? {};
  const [key] = Object.keys(data);
  const id = key ? data[key]?.id : undefined;
  return key && typeof id === 'string' ? { type: key, id } : null;
}

/**
 * The request inspector (docs/decisions/request-inspector.md). A sandbox-mode API request is logged once
 * answered; the events it emits carry its id from their own transaction, so the link from a request to what it
 * changed never depends on the log line having been written.
 */
export function requestInspectorService({ db, clock }: { db: Db; clock: Clock }) {
  // Log lines written after the response: a reader in this process waits for them, so a request is
  // inspectable the moment its response has been read.
  const pending = new Set<Promise<void>>();
  const settled = async () => {
    await Promise.allSettled([...pending]);
  };

  async function inspect(operatorId: string, requestId: string, viewer: Viewer): Promise<InspectedRequest> {
    await settled();
    const request = (await log.findRequest(db, operatorId, requestId)) ?? null;
    if (request && viewer.applicationId !== 'all' && request.applicationId !== viewer.applicationId)
      notFound('request', requestId);
    const ids = await log.eventIdsOfRequest(db, operatorId, requestId);
    if (!request && !ids.length) notFound('request', requestId);
    const events: InspectedRequest['events'] = [];
    for (const id of ids) {
      const event = await deliveries.findLoggedEvent(db, operatorId, id);
      if (!event || !viewer.canRead(event.type)) continue;
      const sent = viewer.deliveries
        ? (
            await deliveries.listDeliveries(
              db,
              operatorId,
              viewer.deliveries,
              { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
              { eventId: id },
            )
          ).items
        : [];
      events.push({ ...event, deliveries: sent });
    }
    const records = new Map<string, ChangedRecord>();
    if (request?.resourceType && request.resourceId)
      records.set(`${request.resourceType}/${request.resourceId}`, {
        type: request.resourceType,
        id: request.resourceId,
        events: [],
      });
    for (const e of events) {
      const r = resourceOf(e);
      if (!r) continue;
      const key = `${r.type}/${r.id}`;
      const seen = records.get(key) ?? { ...r, events: [] };
      seen.events.push(e.type);
      records.set(key, seen);
    }
    return { requestId, request, records: [...records.values()], events };
  }

  return {
    /** Logs an answered request (after its response: never on the request's own path). */
    record(entry: log.RequestRecord, onError: (err: unknown) => void): void {
      const p = log
        .insertRequest(db, entry)
        .catch(onError)
        .finally(() => pending.delete(p));
      pending.add(p);
    },

    settled,

    /** `GET /sandbox/requests/{id}`: the token's operator; its application's requests; what its scopes may read. */
    inspect: (ctx: OperatorContext, requestId: string) =>
      inspect(ctx.operator.id, requestId, {
        applicationId: ctx.principal.applicationId,
        canRead: (type) => ctx.principal.scopes.has(readScopeOf(type)),
        deliveries: ctx.principal.scopes.has('public.webhook_endpoint:read') ? visibilityOf(ctx) : null,
      }),

    /** The back office (Developers → Requests): every request of the operator. */
    inspectForOperator: (operatorId: string, requestId: string) =>
      inspect(operatorId, requestId, { applicationId: 'all', canRead: () => true, deliveries: 'all' }),

    async listForOperator(operatorId: string, filter: log.RequestFilter): Promise<log.RequestRecord[]> {
      await settled();
      return log.listRequests(db, operatorId, filter);
    },

    prune: () => withTransaction(db, (tx) => log.pruneRequestLog(tx, clock.now(), REQUEST_LOG_RETENTION_DAYS)),
  };
}

export type RequestInspectorService = ReturnType<typeof requestInspectorService>;
