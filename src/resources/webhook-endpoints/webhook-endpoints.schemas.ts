import { Type } from '@sinclair/typebox';
import {
  Nullable,
  Ref,
  StringEnum,
  SuccessEnvelope,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery } from '../../http/conventions/list-query.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { ENDPOINT_STATUSES, WEBHOOK_API_VERSIONS } from '../../domain/webhooks/webhook-endpoint.ts';
import { DELIVERY_STATUSES } from '../../domain/webhooks/delivery.ts';

export const WebhookEndpointSchema = Type.Object({
  id: Type.String({ examples: ['we_c72a94b59dc380a4'] }),
  api_version: StringEnum(WEBHOOK_API_VERSIONS),
  created_at: Timestamp,
  creator: Type.Object(
    { id: Type.String({ examples: ['staff_06778802edebb94d', 'app_531844f4c4837d61'] }) },
    { additionalProperties: true },
  ),
  description: Nullable(Type.String()),
  disabled_at: Nullable(Timestamp),
  event_types: Type.Array(StringEnum(EVENT_TYPES)),
  metadata: Type.Record(Type.String(), Type.String()),
  name: Type.String(),
  secret: Nullable(Type.String({ description: 'The signing secret: only in the create response, null elsewhere.' })),
  status: StringEnum(ENDPOINT_STATUSES),
  updated_at: Timestamp,
  url: Type.String(),
});

export const WebhookEndpointParams = Type.Object({ webhook_endpoint_id: Type.String() });
export const WebhookEndpointsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    status: filterEnum(ENDPOINT_STATUSES, 'Filter by status'),
    // metadata[key]=value (deepObject) arrives as `metadata[key]` query keys; parsed in the route.
  },
});
// Top-level key `endpoint(s)`, not `webhook_endpoint(s)`: the reference's wire quirk.
export const WebhookEndpointEnvelope = oneEnvelope('endpoint', WebhookEndpointSchema);
export const WebhookEndpointsEnvelope = listEnvelope('endpoints', WebhookEndpointSchema);
export const WebhookEndpointDeletedEnvelope = SuccessEnvelope;

const EventTypes = Type.Array(StringEnum(EVENT_TYPES), { minItems: 1, maxItems: EVENT_TYPES.length * 2 });
const Url = Type.String({ format: 'uri', maxLength: 2048 });

export const CreateWebhookEndpointBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    api_version: StringEnum(WEBHOOK_API_VERSIONS),
    url: Url,
    event_types: EventTypes,
    description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    metadata: Type.Optional(Type.Unknown({ description: 'Flat string map, up to 20 keys' })),
  },
  { additionalProperties: false },
);

export const UpdateWebhookEndpointBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    url: Type.Optional(Url),
    event_types: Type.Optional(EventTypes),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    metadata: Type.Optional(Type.Unknown({ description: 'JSON merge-patch: null removes a key, {} clears' })),
  },
  { additionalProperties: false },
);

// The delivery log (Lockyard's own sandbox API; no Stora counterpart).
const AttemptSchema = Type.Object({
  attempt: Type.Integer(),
  attempted_at: Timestamp,
  duration_ms: Type.Integer(),
  error: Nullable(Type.String()),
  request_id: Type.String(),
  response_snippet: Nullable(Type.String()),
  status_code: Nullable(Type.Integer()),
});

export const DeliverySchema = Type.Object({
  id: Type.String({ examples: ['wdlv_5c1e2f0a9b7d3e41'] }),
  attempt_count: Type.Integer(),
  attempts: Type.Array(AttemptSchema),
  created_at: Timestamp,
  endpoint: Ref('we'),
  event: Type.Object({ id: Type.String(), type: Type.Optional(Type.String()) }, { additionalProperties: true }),
  next_attempt_at: Nullable(Timestamp),
  resend_of: Nullable(Ref('wdlv')),
  status: StringEnum(DELIVERY_STATUSES),
  status_reason: Nullable(
    Type.String({ description: 'Why a delivery was cancelled or skipped without an attempt deciding it' }),
  ),
  updated_at: Timestamp,
});

export const EventSchema = Type.Object(
  {
    id: Type.String({ examples: ['evt_1234567890abcdef'] }),
    type: StringEnum(EVENT_TYPES),
    api_version: Type.String(),
    created_at: Timestamp,
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);

export const DeliveryParams = Type.Object({ delivery_id: Type.String() });
export const EventParams = Type.Object({ event_id: Type.String() });
export const DeliveriesQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: { status: filterEnum(DELIVERY_STATUSES, 'Filter by delivery status') },
});
export const EventsQuery = listQuery({
  sort: ['created_at'],
  filters: { type: filterEnum(EVENT_TYPES, 'Filter by event type') },
});
export const DeliveryEnvelope = oneEnvelope('delivery', DeliverySchema);
export const DeliveriesEnvelope = listEnvelope('deliveries', DeliverySchema);
export const EventEnvelope = oneEnvelope('event', EventSchema);
export const EventsEnvelope = listEnvelope('events', EventSchema);
