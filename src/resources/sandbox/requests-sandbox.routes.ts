import { Type } from '@sinclair/typebox';
import { DomainError } from '../../kernel/errors.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { defineRoute } from '../../http/route.ts';
import { Nullable, Timestamp } from '../../http/conventions/fields.ts';
import type { InspectedRequest } from '../../domain/requests/request-inspector.service.ts';
import { DeliverySchema, EventSchema } from '../webhook-endpoints/webhook-endpoints.schemas.ts';
import { serializeDelivery, serializeEvent } from '../webhook-endpoints/webhook-endpoints.serialize.ts';

const InspectedRequestSchema = Type.Object({
  id: Type.String({ description: 'The request id (the `X-Request-Id` header and `meta.request_id` it answered)' }),
  method: Nullable(Type.String()),
  path: Nullable(Type.String({ description: 'Path and query string as requested' })),
  status: Nullable(
    Type.Integer({ description: 'Null when the server stopped before it logged the answer (its changes still link)' }),
  ),
  duration_ms: Nullable(Type.Integer()),
  token: Nullable(Type.Object({ id: Type.String() })),
  application: Nullable(Type.Object({ id: Type.String() })),
  created_at: Nullable(Timestamp),
  records: Type.Array(
    Type.Object({
      type: Type.String({ description: 'The resource key, as in an event’s `data` (`contact`, `unit`, …)' }),
      id: Type.String(),
      events: Type.Array(Type.String(), { description: 'The event types that reported the change' }),
    }),
    { description: 'The records the request created or changed' },
  ),
  events: Type.Array(
    Type.Object({
      event: EventSchema,
      deliveries: Type.Array(DeliverySchema),
    }),
    { description: 'The events the request emitted, oldest first, each with its webhook deliveries' },
  ),
});

const InspectedRequestEnvelope = Type.Object({
  request: InspectedRequestSchema,
  meta: Type.Object({ request_id: Type.String() }, { additionalProperties: true }),
});

function serializeInspected(r: InspectedRequest) {
  const q = r.request;
  return {
    id: r.requestId,
    method: q?.method ?? null,
    path: q?.path ?? null,
    status: q?.status ?? null,
    duration_ms: q?.durationMs ?? null,
    token: q?.tokenId ? { id: q.tokenId } : null,
    application: q?.applicationId ? { id: q.applicationId } : null,
    created_at: q ? isoSeconds(q.createdAt) : null,
    records: r.records,
    events: r.events.map((e) => ({ event: serializeEvent(e), deliveries: e.deliveries.map(serializeDelivery) })),
  };
}

const inspectRequest = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/requests/:request_id',
  scope: null,
  operationId: 'inspectSandboxRequest',
  summary: 'Inspect an API request: what it changed, the events it emitted and their webhook deliveries',
  description: [
    'The request inspector. Give it the `request_id` of any API request your operator answered in the last 30 days',
    '(every response carries it in `meta.request_id` and the `X-Request-Id` header) and it answers the request',
    '(method, path, status, duration, token or application) with the records it created or changed, the events it',
    'emitted, oldest first, and each event’s webhook deliveries with every attempt.',
    '',
    'Events are listed only when the token may read their resource (the scope its `GET` needs); deliveries only',
    'with `public.webhook_endpoint:read` (an OAuth application sees its own endpoints’ deliveries). A partner',
    'application’s token sees its own application’s requests; an unknown id or another operator’s is',
    '`404 resource_not_found`. Sandbox mode only.',
  ].join('\n'),
  tag: 'Sandbox',
  params: Type.Object({ request_id: Type.String() }),
  response: InspectedRequestEnvelope,
  envelope: { kind: 'raw' },
  handler: async (ctx, { params }) => {
    if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
    const inspected = await ctx.services.requests.inspect(ctx, params.request_id);
    return { request: serializeInspected(inspected), meta: { request_id: ctx.requestId } };
  },
});

export const requestsSandboxRoutes = [inspectRequest];
