import { Type } from '@sinclair/typebox';
import { DomainError } from '../../kernel/errors.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import type { OperatorContext } from '../../domain/context.ts';
import type { ResourceModule } from '../module.ts';
import { lifecycleSandboxRoutes } from './lifecycle-sandbox.routes.ts';
import { triggerRoutes } from './trigger.routes.ts';
import { accessControlSandboxRoutes, accessGrantType } from './access-control-sandbox.routes.ts';
import { emailsSandboxRoutes, emailType } from './emails-sandbox.routes.ts';
import { requestsSandboxRoutes } from './requests-sandbox.routes.ts';

const ClockEnvelope = Type.Object({
  clock: Type.Object({
    now: Type.String({ format: 'date-time' }),
    offset_seconds: Type.Integer(),
    operator_id: Type.String(),
  }),
  meta: Type.Object({ request_id: Type.String() }, { additionalProperties: true }),
});

function serializeClock(ctx: OperatorContext) {
  return {
    now: isoSeconds(ctx.now()),
    offset_seconds: Math.round(ctx.operator.clockOffsetMs / 1000),
    operator_id: ctx.operator.id,
  };
}

function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

const showClock = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/clock',
  scope: null,
  operationId: 'showSandboxClock',
  summary: "Show the operator's sandbox clock",
  tag: 'Sandbox',
  response: ClockEnvelope,
  envelope: { kind: 'raw' },
  handler: async (ctx) => {
    requireSandbox(ctx);
    return { clock: serializeClock(ctx), meta: { request_id: ctx.requestId } };
  },
});

export const AdvanceBody = Type.Union([
  Type.Object({ seconds: Type.Integer({ minimum: 0, maximum: 10 * 366 * 86400 }) }, { additionalProperties: false }),
  Type.Object({ to: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
]);

const advanceClock = defineRoute({
  method: 'POST',
  prefix: '/sandbox',
  path: '/clock/advance',
  scope: null,
  operationId: 'advanceSandboxClock',
  summary: "Move the operator's sandbox clock forward and run what fell due",
  tag: 'Sandbox',
  body: AdvanceBody,
  response: ClockEnvelope,
  envelope: { kind: 'raw' },
  // What falls due runs inline (webhook deliveries over HTTP): not inside one transaction.
  transactional: false,
  handler: async (ctx, { body }) => {
    requireSandbox(ctx);
    const b = (body ?? {}) as { seconds?: number; to?: string };
    const moved = await ctx.services.clock.advance(ctx, { seconds: b.seconds, to: b.to ? new Date(b.to) : undefined });
    return { clock: serializeClock(moved), meta: { request_id: ctx.requestId } };
  },
});

export const sandboxModule: ResourceModule = {
  routes: [
    showClock,
    advanceClock,
    ...lifecycleSandboxRoutes,
    ...accessControlSandboxRoutes,
    ...triggerRoutes,
    ...emailsSandboxRoutes,
    ...requestsSandboxRoutes,
  ],
  types: [accessGrantType, emailType],
};
