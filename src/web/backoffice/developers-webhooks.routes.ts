import type { FastifyInstance, FastifyReply } from 'fastify';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { DomainError } from '../../kernel/errors.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { localHourOn } from '../../domain/lifecycle/local-time.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { TimeRange } from '../../kernel/listing.ts';
import {
  DEV,
  endpointPage,
  endpointsPage,
  eventPage,
  eventsPage,
  type EventFilter,
} from './developers-webhooks.views.ts';
import { pageNumber, refusalOf, sendPage, type Banners } from './form-kit.ts';
import { one, requireRole, requireStaff, staffContext } from './web-kit.ts';
import { endpointsWithCreators, withCreators } from './webhook-creators.ts';
import { endpointActionRoutes } from './webhook-endpoint-actions.ts';

const PER_PAGE = 25;
const NOTICES: Record<string, string> = {
  'endpoint-enabled': 'The webhook endpoint was enabled. Deliveries cancelled while it was disabled are not resent.',
  'endpoint-disabled': 'The webhook endpoint was disabled and its pending deliveries cancelled.',
  'endpoint-deleted': 'The webhook endpoint was deleted and its pending deliveries cancelled.',
  resent: 'The delivery was queued again as a new delivery, with its own retries.',
};

/** `YYYY-MM-DD` on the operator's calendar: that day's start (or the next day's, for an inclusive end). */
function dayStart(value: string, field: string, timeZone: string, nextDay = false): Date {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const noon = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (nextDay ? 1 : 0), 12)) : null;
  if (!noon || Number.isNaN(noon.getTime()) || noon.getUTCFullYear() < 1970 || noon.getUTCFullYear() > 9999)
    throw new DomainError('invalid_request', 'The filter is not valid.', [
      { pointer: `/${field}`, message: `${field} must be a date (YYYY-MM-DD)` },
    ]);
  return localHourOn(noon, timeZone, 0);
}

/** The event log's filter from the query string; a bad value is a 400 page naming the field. */
function eventFilter(query: Record<string, unknown>, ctx: OperatorContext): { filter: EventFilter; range: TimeRange } {
  const type = one(query.type as string | undefined) || undefined;
  const from = one(query.from as string | undefined) || undefined;
  const to = one(query.to as string | undefined) || undefined;
  if (type && !(EVENT_TYPES as readonly string[]).includes(type))
    throw new DomainError('invalid_request', 'The filter is not valid.', [
      { pointer: '/type', message: 'type must be one of the event types' },
    ]);
  const tz = ctx.operator.timezone;
  const range: TimeRange = {
    createdAfter: from ? dayStart(from, 'from', tz) : undefined,
    createdBefore: to ? dayStart(to, 'to', tz, true) : undefined,
  };
  return { filter: { type, from, to }, range };
}

/**
 * Developers → Webhook endpoints (every endpoint of the account, its delivery log with requests and responses,
 * resend, disable/enable/delete) and Developers → Events (the event log, each event's payload and deliveries).
 * Managers and owners, like the rest of Developers.
 */
export function developersWebhooksRoutes(app: FastifyInstance) {
  const { services } = app.lockyard;

  app.get(`${DEV}/webhooks`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const endpoints = await endpointsWithCreators(services, session.current.operatorId);
    const notice = NOTICES[one((request.query as Record<string, string>).done)];
    return sendPage(reply, endpointsPage({ session, csrf: reply.generateCsrf(), endpoints, notice }));
  });

  /** One endpoint with a page of its delivery log (the event bodies as sent, from the event log). */
  async function renderEndpoint(
    reply: FastifyReply,
    session: StaffSession,
    endpointId: string,
    page: number,
    extra: Banners = {},
    status = 200,
  ) {
    const ctx = await staffContext(services, session);
    const operatorId = session.current.operatorId;
    const endpoint = await services.webhookEndpoints.getForOperator(operatorId, endpointId);
    const { items, total } = await services.webhooks.listDeliveries(
      ctx,
      'all',
      { page, limit: PER_PAGE, sortBy: 'created_at', direction: 'desc' },
      { endpointId: endpoint.id },
    );
    const bodies = new Map<string, string>();
    for (const id of new Set(items.map((d) => d.eventId))) {
      const event = await services.webhooks.getEvent(ctx, id).catch(() => undefined);
      if (event) bodies.set(id, JSON.stringify(event.body));
    }
    const [withCreator] = await withCreators(services, operatorId, [endpoint]);
    const body = endpointPage({
      session,
      csrf: reply.generateCsrf(),
      endpoint: withCreator,
      deliveries: items,
      bodies,
      page,
      more: total > page * PER_PAGE,
      ...extra,
    });
    return sendPage(reply, body, status);
  }

  app.get<{ Params: { endpoint_id: string }; Querystring: Record<string, string> }>(
    `${DEV}/webhooks/:endpoint_id`,
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const notice = NOTICES[one(request.query.done)];
      return renderEndpoint(reply, session, request.params.endpoint_id, pageNumber(request.query.page), { notice });
    },
  );

  endpointActionRoutes(app, `${DEV}/webhooks/:endpoint_id`, (action, id) =>
    action === 'delete' ? `${DEV}/webhooks?done=endpoint-deleted` : `${DEV}/webhooks/${id}?done=endpoint-${action}d`,
  );

  // A resend is a new delivery of the same event to the same endpoint (the API's resend, through the same service).
  app.post<{ Params: { delivery_id: string } }>(
    `${DEV}/deliveries/:delivery_id/resend`,
    { preHandler: app.csrfProtection },
    async (request, reply) => {
      const session = requireStaff(request, reply);
      if (!session) return reply;
      requireRole(session, 'manager');
      const ctx = await staffContext(services, session);
      const original = await services.webhooks.getDelivery(ctx, 'all', request.params.delivery_id);
      try {
        const resent = await services.webhooks.resend(ctx, 'all', original.id);
        return reply.redirect(`${DEV}/webhooks/${original.endpointId}?done=resent#${resent.id}`, 303);
      } catch (err) {
        // The API's refusal, in its words (a disabled or deleted endpoint); anything else goes to the error page.
        const { status, message } = refusalOf(err);
        return renderEndpoint(reply, session, original.endpointId, 1, { error: message }, status);
      }
    },
  );

  app.get<{ Querystring: Record<string, string> }>(`${DEV}/events`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const { filter, range } = eventFilter(request.query, ctx);
    const page = pageNumber(request.query.page);
    const { items, total } = await services.webhooks.listEvents(
      ctx,
      { page, limit: 50, sortBy: 'created_at', direction: 'desc' },
      { types: filter.type ? [filter.type] : undefined, range },
    );
    return sendPage(
      reply,
      eventsPage({ session, csrf: reply.generateCsrf(), events: items, filter, page, more: total > page * 50 }),
    );
  });

  app.get<{ Params: { event_id: string } }>(`${DEV}/events/:event_id`, async (request, reply) => {
    const session = requireStaff(request, reply);
    if (!session) return reply;
    requireRole(session, 'manager');
    const ctx = await staffContext(services, session);
    const event = await services.webhooks.getEvent(ctx, request.params.event_id);
    const { items } = await services.webhooks.listDeliveries(
      ctx,
      'all',
      { page: 1, limit: 100, sortBy: 'created_at', direction: 'asc' },
      { eventId: event.id },
    );
    // Endpoints still there (enabled or not) can be resent to; a deleted one shows its id only.
    const urls = new Map<string, string>();
    for (const id of new Set(items.map((d) => d.endpointId))) {
      const endpoint = await services.webhookEndpoints.getForOperator(ctx.operator.id, id).catch(() => undefined);
      if (endpoint?.status === 'enabled') urls.set(id, endpoint.url);
    }
    return sendPage(reply, eventPage({ session, csrf: reply.generateCsrf(), event, deliveries: items, urls }));
  });
}
