import { defineRoute } from '../../http/route.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { DELIVERY_STATUSES } from '../../domain/webhooks/delivery.ts';
import { visibilityOf } from '../../domain/webhooks/webhook-endpoints.service.ts';
import {
  DeliveriesEnvelope,
  DeliveriesQuery,
  DeliveryEnvelope,
  DeliveryParams,
  EventEnvelope,
  EventParams,
  EventsEnvelope,
  EventsQuery,
  WebhookEndpointParams,
} from './webhook-endpoints.schemas.ts';
import { serializeDelivery, serializeEvent } from './webhook-endpoints.serialize.ts';

// The delivery log: Lockyard's own API (no Stora counterpart), under /sandbox like the clock,
// but available in production mode too (docs/decisions/webhooks.md).
const prefix = '/sandbox';
const tag = 'Webhook delivery log';
const deliveries = { kind: 'list', key: 'deliveries', type: 'webhook_delivery' } as const;

const listEvents = defineRoute({
  method: 'GET',
  prefix,
  path: '/events',
  scope: 'public.webhook_endpoint:read',
  operationId: 'listSandboxEvents',
  summary: 'List the events emitted for the operator, newest first',
  tag,
  query: EventsQuery,
  response: EventsEnvelope,
  envelope: { kind: 'list', key: 'events', type: 'event' },
  handler: async (ctx, { query }) => {
    const q = query as Record<string, unknown>;
    const { items, total } = await ctx.services.webhooks.listEvents(ctx, pageOf(q), {
      types: multi(q, 'type', EVENT_TYPES),
    });
    return { items: items.map(serializeEvent), total };
  },
});

const showEvent = defineRoute({
  method: 'GET',
  prefix,
  path: '/events/:event_id',
  scope: 'public.webhook_endpoint:read',
  operationId: 'showSandboxEvent',
  summary: 'Show an event as it is delivered',
  tag,
  params: EventParams,
  response: EventEnvelope,
  envelope: { kind: 'one', key: 'event', type: 'event' },
  handler: async (ctx, { params }) => serializeEvent(await ctx.services.webhooks.getEvent(ctx, params.event_id)),
});

const eventDeliveries = defineRoute({
  method: 'GET',
  prefix,
  path: '/events/:event_id/deliveries',
  scope: 'public.webhook_endpoint:read',
  operationId: 'listSandboxEventDeliveries',
  summary: 'List the deliveries of an event, with every attempt',
  tag,
  params: EventParams,
  query: DeliveriesQuery,
  response: DeliveriesEnvelope,
  envelope: deliveries,
  handler: async (ctx, { params, query }) => {
    const q = query as Record<string, unknown>;
    const { items, total } = await ctx.services.webhooks.listDeliveries(ctx, visibilityOf(ctx), pageOf(q), {
      eventId: params.event_id,
      statuses: multi(q, 'status', DELIVERY_STATUSES),
    });
    return { items: items.map(serializeDelivery), total };
  },
});

const endpointDeliveries = defineRoute({
  method: 'GET',
  prefix,
  path: '/webhook_endpoints/:webhook_endpoint_id/deliveries',
  scope: 'public.webhook_endpoint:read',
  operationId: 'listSandboxEndpointDeliveries',
  summary: 'List the deliveries to a webhook endpoint, with every attempt',
  tag,
  params: WebhookEndpointParams,
  query: DeliveriesQuery,
  response: DeliveriesEnvelope,
  envelope: deliveries,
  handler: async (ctx, { params, query }) => {
    const q = query as Record<string, unknown>;
    const { items, total } = await ctx.services.webhooks.listDeliveries(ctx, visibilityOf(ctx), pageOf(q), {
      endpointId: params.webhook_endpoint_id,
      statuses: multi(q, 'status', DELIVERY_STATUSES),
    });
    return { items: items.map(serializeDelivery), total };
  },
});

const showDelivery = defineRoute({
  method: 'GET',
  prefix,
  path: '/deliveries/:delivery_id',
  scope: 'public.webhook_endpoint:read',
  operationId: 'showSandboxDelivery',
  summary: 'Show a delivery with every attempt',
  tag,
  params: DeliveryParams,
  query: ShowQuery,
  response: DeliveryEnvelope,
  envelope: { kind: 'one', key: 'delivery', type: 'webhook_delivery' },
  handler: async (ctx, { params }) =>
    serializeDelivery(await ctx.services.webhooks.getDelivery(ctx, visibilityOf(ctx), params.delivery_id)),
});

const resendDelivery = defineRoute({
  method: 'POST',
  prefix,
  path: '/deliveries/:delivery_id/resend',
  scope: 'public.webhook_endpoint:write',
  operationId: 'resendSandboxDelivery',
  summary: 'Send a delivery again (a new delivery of the same event to the same endpoint)',
  tag,
  params: DeliveryParams,
  query: ShowQuery,
  response: DeliveryEnvelope,
  envelope: { kind: 'one', key: 'delivery', type: 'webhook_delivery' },
  status: 201,
  handler: async (ctx, { params }) =>
    serializeDelivery(await ctx.services.webhooks.resend(ctx, visibilityOf(ctx), params.delivery_id)),
});

export const webhookLogRoutes = [
  listEvents,
  showEvent,
  eventDeliveries,
  endpointDeliveries,
  showDelivery,
  resendDelivery,
];
