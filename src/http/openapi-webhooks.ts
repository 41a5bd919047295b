import type { TSchema } from '@sinclair/typebox';
import { EMITTED_EVENT_TYPES } from '../domain/events/event-map.ts';
import { dataKeyOf } from '../domain/events/event-types.ts';
import { readScopeOf } from '../domain/webhooks/event-scopes.ts';
import type { RouteSpec } from './route.ts';

/**
 * The OpenAPI 3.1 `webhooks` section: one entry per emitted event type, its `data` the resource exactly as the
 * resource's show endpoint renders it (the same schema object), as events.emit renders it (event-map.ts).
 */
export function webhooksOf(routes: RouteSpec[]) {
  const shows = new Map<string, TSchema>();
  for (const r of routes) {
    if (r.method !== 'GET' || r.prefix || r.envelope.kind !== 'one' || !r.response) continue;
    const inner = (r.response as { properties?: Record<string, TSchema> }).properties?.[r.envelope.key];
    if (inner && !shows.has(r.envelope.key)) shows.set(r.envelope.key, inner);
  }
  const webhooks: Record<string, unknown> = {};
  for (const type of [...EMITTED_EVENT_TYPES].sort()) {
    const key = dataKeyOf(type);
    const schema = shows.get(key);
    if (!schema) throw new Error(`No show endpoint documents the payload of ${type} ('${key}')`);
    const scope = readScopeOf(type);
    webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        summary: type,
        tags: ['Webhooks'],
        description: [
          `Sent to every enabled endpoint subscribed to \`${type}\`. \`data.${key}\` is the ${key.replace(/_/g, ' ')} exactly as its show endpoint renders it.`,
          `Subscribing needs \`${scope}\`, checked again at every delivery.`,
          'Signed with `X-Stora-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the endpoint secret; answer 2xx within 20 s, or it is retried (1 min … 12 h). See the [webhooks guide](/docs/guides/webhooks).',
        ].join('\n\n'),
        'x-required-scope': scope,
        security: [],
        parameters: [
          {
            name: 'X-Stora-Signature',
            in: 'header',
            required: true,
            schema: { type: 'string' },
            description: '`t=<unix seconds>,v1=<hex HMAC-SHA256>`',
          },
          {
            name: 'X-Stora-Request-Id',
            in: 'header',
            required: true,
            schema: { type: 'string' },
            description: 'New for every attempt.',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['event'],
                properties: {
                  event: {
                    type: 'object',
                    required: ['id', 'type', 'api_version', 'created_at', 'data'],
                    properties: {
                      id: { type: 'string', description: 'evt_…; the same on every retry: dedupe on it.' },
                      type: { type: 'string', const: type },
                      api_version: { type: 'string', const: '2025-09' },
                      created_at: { type: 'string', format: 'date-time' },
                      data: { type: 'object', required: [key], properties: { [key]: schema } },
                    },
                  },
                },
              },
            },
          },
        },
        responses: { '200': { description: 'Delivered (any 2xx).' } },
      },
    };
  }
  return webhooks;
}
