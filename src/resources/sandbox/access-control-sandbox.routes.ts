import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { listEnvelope, Nullable, Ref, Timestamp } from '../../http/conventions/fields.ts';
import { listQuery, multi, pageOf, idsFilter } from '../../http/conventions/list-query.ts';
import type { ResourceType } from '../../http/conventions/resource-types.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { DomainError } from '../../kernel/errors.ts';
import { ACCESS_STATES, type AccessGrant } from '../../domain/access-control/access-grant.ts';
import { SIMULATED_PROVIDER } from '../../domain/access-control/simulated-access.provider.ts';

function requireSandbox(ctx: RequestContext) {
  if (!ctx.sandbox) throw new DomainError('invalid_endpoint', 'Sandbox endpoints are off in production mode.');
}

/** One door of the simulated access-control provider: who may open it, with which code, and why (not). */
export const AccessGrantSchema = Type.Object({
  id: Type.String({
    description: 'The unit the door belongs to (one door per unit)',
    examples: ['unit_9c1f0e2a4b6d8f10'],
  }),
  can_open: Type.Boolean({ description: 'Whether the contact’s code opens the door now' }),
  code: Nullable(Type.String({ description: 'The keypad PIN, kept while restricted; null once revoked' })),
  contact: Nullable(Ref('con')),
  provider: Type.String({ examples: [SIMULATED_PROVIDER] }),
  reason: Type.String(),
  state: Type.Union(ACCESS_STATES.map((s) => Type.Literal(s))),
  tenancy: Nullable(Ref('ten')),
  unit: Ref('unit'),
  updated_at: Timestamp,
});

export function serializeAccessGrant(g: AccessGrant) {
  return {
    id: g.unitId,
    can_open: g.state === 'granted',
    code: g.code,
    contact: g.contactId ? { id: g.contactId } : null,
    provider: SIMULATED_PROVIDER,
    reason: g.reason,
    state: g.state,
    tenancy: g.tenancyId ? { id: g.tenancyId } : null,
    unit: { id: g.unitId },
    updated_at: isoSeconds(g.updatedAt),
  };
}

const listAccessControl = defineRoute({
  method: 'GET',
  prefix: '/sandbox',
  path: '/access_control',
  scope: 'public.unit:read',
  operationId: 'listSandboxAccessControl',
  summary: 'List the simulated access-control provider’s doors: who can open which unit, their code, and why not',
  tag: 'Sandbox',
  query: listQuery({ expand: true, filters: { unit_id: idsFilter('Unit'), contact_id: idsFilter('Contact') } }),
  response: listEnvelope('access_control', AccessGrantSchema),
  envelope: { kind: 'list', key: 'access_control', type: 'access_grant' },
  handler: async (ctx, { query }) => {
    requireSandbox(ctx);
    const { items, total } = await ctx.services.accessControl.listSimulated(
      ctx,
      { unitIds: multi(query, 'unit_id'), contactIds: multi(query, 'contact_id') },
      pageOf(query),
    );
    return { items: items.map(serializeAccessGrant), total };
  },
});

/** `expand=unit,contact,tenancy` on the list; loaded by unit id. */
export const accessGrantType: ResourceType = {
  name: 'access_grant',
  scope: 'public.unit:read',
  load: async (ctx, ids) => {
    const { items } = await ctx.services.accessControl.listSimulated(
      ctx,
      { unitIds: ids },
      { page: 1, limit: Math.max(ids.length, 1) },
    );
    return new Map(items.map((g) => [g.unitId, serializeAccessGrant(g)]));
  },
  relations: { unit: { type: 'unit' }, contact: { type: 'contact' }, tenancy: { type: 'tenancy' } },
};

export const accessControlSandboxRoutes = [listAccessControl];
