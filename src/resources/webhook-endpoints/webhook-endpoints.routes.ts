import { defineRoute } from '../../http/route.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import { DomainError } from '../../kernel/errors.ts';
import { ENDPOINT_STATUSES } from '../../domain/webhooks/webhook-endpoint.ts';
import type { ResourceModule } from '../module.ts';
import {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookEndpointDeletedEnvelope,
  WebhookEndpointEnvelope,
  WebhookEndpointParams,
  WebhookEndpointsEnvelope,
  WebhookEndpointsQuery,
} from './webhook-endpoints.schemas.ts';
import { serializeWebhookEndpoint } from './webhook-endpoints.serialize.ts';
import { webhookLogRoutes } from './webhook-log.routes.ts';

const one = { kind: 'one', key: 'endpoint', type: 'webhook_endpoint' } as const;
const tag = 'Webhook Endpoints';

/** `metadata[source]=zapier` (deepObject) → { source: 'zapier' }. */
function metadataFilter(query: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const m = /^metadata\[([^\]]+)\]$/.exec(k);
    if (!m) continue;
    if (typeof v !== 'string') {
      throw new DomainError('invalid_url_param', undefined, [
        { pointer: `/metadata/${m[1]}`, message: `value at \`/metadata/${m[1]}\` must be given once` },
      ]);
    }
    out[m[1]] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const listEndpoints = defineRoute({
  method: 'GET',
  path: '/webhook_endpoints',
  scope: 'public.webhook_endpoint:read',
  operationId: 'listWebhookEndpoints',
  summary: 'List all Webhook Endpoints',
  tag,
  query: WebhookEndpointsQuery,
  response: WebhookEndpointsEnvelope,
  envelope: { kind: 'list', key: 'endpoints', type: 'webhook_endpoint' },
  handler: async (ctx, { query }) => {
    const q = query as Record<string, unknown>;
    const { items, total } = await ctx.services.webhookEndpoints.list(ctx, pageOf(q), {
      statuses: multi(q, 'status', ENDPOINT_STATUSES),
      metadata: metadataFilter(q),
    });
    return { items: items.map((e) => serializeWebhookEndpoint(e)), total };
  },
});

const showEndpoint = defineRoute({
  method: 'GET',
  path: '/webhook_endpoints/:webhook_endpoint_id',
  scope: 'public.webhook_endpoint:read',
  operationId: 'showWebhookEndpoint',
  summary: 'Show a Webhook Endpoint',
  tag,
  params: WebhookEndpointParams,
  query: ShowQuery,
  response: WebhookEndpointEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeWebhookEndpoint(await ctx.services.webhookEndpoints.get(ctx, params.webhook_endpoint_id)),
});

const createEndpoint = defineRoute({
  method: 'POST',
  path: '/webhook_endpoints',
  scope: 'public.webhook_endpoint:write',
  operationId: 'createWebhookEndpoint',
  summary: 'Create a Webhook Endpoint',
  tag,
  query: ShowQuery,
  body: CreateWebhookEndpointBody,
  response: WebhookEndpointEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeWebhookEndpoint(await ctx.services.webhookEndpoints.create(ctx, body, { sandbox: ctx.sandbox }), {
      revealSecret: true,
    }),
});

const updateEndpoint = defineRoute({
  method: 'PATCH',
  path: '/webhook_endpoints/:webhook_endpoint_id',
  scope: 'public.webhook_endpoint:write',
  operationId: 'updateWebhookEndpoint',
  summary: 'Update a Webhook Endpoint',
  tag,
  params: WebhookEndpointParams,
  query: ShowQuery,
  body: UpdateWebhookEndpointBody,
  response: WebhookEndpointEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeWebhookEndpoint(
      await ctx.services.webhookEndpoints.update(ctx, params.webhook_endpoint_id, body ?? {}, { sandbox: ctx.sandbox }),
    ),
});

const deleteEndpoint = defineRoute({
  method: 'DELETE',
  path: '/webhook_endpoints/:webhook_endpoint_id',
  scope: 'public.webhook_endpoint:write',
  operationId: 'deleteWebhookEndpoint',
  summary: 'Delete a Webhook Endpoint',
  tag,
  params: WebhookEndpointParams,
  response: WebhookEndpointDeletedEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.webhookEndpoints.delete(ctx, params.webhook_endpoint_id);
    return { message: 'Webhook endpoint deleted successfully.' };
  },
});

const enableEndpoint = defineRoute({
  method: 'POST',
  path: '/webhook_endpoints/:webhook_endpoint_id/enable',
  scope: 'public.webhook_endpoint:write',
  operationId: 'enableWebhookEndpoint',
  summary: 'Enable a Webhook Endpoint',
  tag,
  params: WebhookEndpointParams,
  query: ShowQuery,
  response: WebhookEndpointEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeWebhookEndpoint(await ctx.services.webhookEndpoints.enable(ctx, params.webhook_endpoint_id)),
});

const disableEndpoint = defineRoute({
  method: 'POST',
  path: '/webhook_endpoints/:webhook_endpoint_id/disable',
  scope: 'public.webhook_endpoint:write',
  operationId: 'disableWebhookEndpoint',
  summary: 'Disable a Webhook Endpoint',
  tag,
  params: WebhookEndpointParams,
  query: ShowQuery,
  response: WebhookEndpointEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeWebhookEndpoint(await ctx.services.webhookEndpoints.disable(ctx, params.webhook_endpoint_id)),
});

export const webhookEndpointsModule: ResourceModule = {
  routes: [
    listEndpoints,
    showEndpoint,
    createEndpoint,
    updateEndpoint,
    deleteEndpoint,
    enableEndpoint,
    disableEndpoint,
    ...webhookLogRoutes,
  ],
  types: [
    {
      name: 'webhook_endpoint',
      scope: 'public.webhook_endpoint:read',
      load: async (ctx, ids) => {
        const out = new Map();
        for (const id of ids) {
          const e = await ctx.services.webhookEndpoints.get(ctx, id).catch(() => undefined);
          if (e) out.set(id, serializeWebhookEndpoint(e));
        }
        return out;
      },
      // `creator` may be staff, an application or a token: only staff creators expand.
      relations: { creator: { type: 'staff' } },
    },
    {
      name: 'event',
      scope: 'public.webhook_endpoint:read',
      load: async (ctx, ids) => {
        const out = new Map();
        for (const id of ids) {
          const e = await ctx.services.webhooks.getEvent(ctx, id).catch(() => undefined);
          if (e) out.set(id, e.body.event ?? e.body);
        }
        return out;
      },
    },
    {
      name: 'webhook_delivery',
      scope: 'public.webhook_endpoint:read',
      load: async () => new Map(),
      relations: { endpoint: { type: 'webhook_endpoint' }, event: { type: 'event' } },
    },
  ],
  renderers: {},
};
