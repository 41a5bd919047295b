import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { DomainError } from '../../kernel/errors.ts';
import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import { runTrigger, triggerList } from '../../sandbox/trigger/run-trigger.ts';

function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

const TriggerEnvelope = Type.Object({
  trigger: Type.Object({
    clock_advanced_seconds: Type.Integer(),
    created: Type.Record(Type.String(), Type.String()),
    events: Type.Array(
      Type.Object({ id: Type.String(), type: Type.String(), created_at: Type.Union([Type.String(), Type.Null()]) }),
    ),
    type: Type.String(),
  }),
  meta: Type.Object({ request_id: Type.String() }, { additionalProperties: true }),
});

const trigger = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/trigger',
  scope: 'public.webhook_endpoint:write',
  operationId: 'triggerSandboxEvent',
  summary: 'Produce an event through the flow that causes it, creating what it needs',
  tag: 'Sandbox',
  status: 201,
  body: Type.Object(
    {
      type: Type.String({ enum: [...EVENT_TYPES] }),
      overrides: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 500 }))),
    },
    { additionalProperties: false },
  ),
  response: TriggerEnvelope,
  envelope: { kind: 'raw' },
  // A trigger may move the sandbox clock, which runs what fell due: several transactions, not one.
  transactional: false,
  handler: async (ctx, { body }) => {
    requireSandbox(ctx);
    const b = body as { type: string; overrides?: Record<string, string> };
    const result = await runTrigger(ctx.services, ctx, b.type, b.overrides ?? {});
    return {
      trigger: {
        clock_advanced_seconds: result.clock_advanced_seconds,
        created: result.created,
        events: result.events,
        type: result.type,
      },
      meta: { request_id: ctx.requestId },
    };
  },
});

const TriggerListEnvelope = Type.Object({
  triggers: Type.Array(
    Type.Object({
      fields: Type.Array(Type.String()),
      summary: Type.Union([Type.String(), Type.Null()]),
      triggerable: Type.Boolean(),
      type: Type.String(),
    }),
  ),
  meta: Type.Object({ request_id: Type.String() }, { additionalProperties: true }),
});

const listTriggers = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/trigger',
  scope: 'public.webhook_endpoint:read',
  operationId: 'listSandboxTriggers',
  summary: 'List every event type, whether POST /sandbox/trigger can produce it, and its overrides',
  tag: 'Sandbox',
  response: TriggerListEnvelope,
  envelope: { kind: 'raw' },
  handler: async (ctx) => {
    requireSandbox(ctx);
    const list = triggerList();
    const byType = new Map(list.triggers.map((t) => [t.type as string, t]));
    return {
      triggers: EVENT_TYPES.map((type) => {
        const t = byType.get(type);
        return { fields: t?.fields ?? [], summary: t?.summary ?? null, triggerable: !!t, type };
      }),
      meta: { request_id: ctx.requestId },
    };
  },
});

export const triggerRoutes = [trigger, listTriggers];
