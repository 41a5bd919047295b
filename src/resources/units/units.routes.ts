import { defineRoute } from '../../http/route.ts';
import type { RequestContext } from '../../http/context.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import { UNIT_STATUSES, type Unit, type UnitStatus } from '../../domain/catalogue/unit.ts';
import type { ResourceModule } from '../module.ts';
import {
  ContactActionBody,
  TenancyActionBody,
  UnitEnvelope,
  UnitParams,
  UnitsActionSuccess,
  UnitsEnvelope,
  UnitsQuery,
} from './units.schemas.ts';
import { serializeUnit } from './units.serialize.ts';

const listUnits = defineRoute({
  method: 'GET',
  path: '/units',
  scope: 'public.unit:read',
  operationId: 'listUnits',
  summary: 'List all Units',
  tag: 'Units',
  query: UnitsQuery,
  response: UnitsEnvelope,
  envelope: { kind: 'list', key: 'units', type: 'unit' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.units.list(
      ctx,
      pageOf(query),
      {
        statuses: multi(query, 'status', UNIT_STATUSES) as UnitStatus[] | undefined,
        siteIds: multi(query, 'site_id'),
        unitTypeIds: multi(query, 'unit_type_id'),
        search: text(query, 'search'),
      },
      timeRangeOf(query),
    );
    return { items: items.map((u) => serializeUnit(ctx, u)), total };
  },
});

const showUnit = defineRoute({
  method: 'GET',
  path: '/units/:unit_id',
  scope: 'public.unit:read',
  operationId: 'showUnit',
  summary: 'Show a Unit',
  tag: 'Units',
  params: UnitParams,
  query: ShowQuery,
  response: UnitEnvelope,
  envelope: { kind: 'one', key: 'unit', type: 'unit' },
  handler: async (ctx, { params }) => serializeUnit(ctx, await ctx.services.units.get(ctx, params.unit_id)),
});

const one = { kind: 'one', key: 'unit', type: 'unit' } as const;

/** A POST on one unit answering the unit; reserve and grant access name the tenancy in the body. */
const unitAction = (a: {
  path: string;
  operationId: string;
  summary: string;
  tenancy?: true;
  act: (ctx: RequestContext, unitId: string, tenancyId: string) => Promise<Unit>;
}) =>
  defineRoute({
    method: 'POST',
    path: `/units/:unit_id/${a.path}`,
    scope: 'public.unit:write',
    operationId: a.operationId,
    summary: a.summary,
    tag: 'Units',
    params: UnitParams,
    query: ShowQuery,
    body: a.tenancy ? TenancyActionBody : undefined,
    response: UnitEnvelope,
    envelope: one,
    handler: async (ctx, { params, body }) =>
      serializeUnit(ctx, await a.act(ctx, params.unit_id, a.tenancy ? body.tenancy_id : '')),
  });

const reserveUnit = unitAction({
  path: 'reserve',
  operationId: 'reserveUnit',
  summary: 'Reserve a Unit',
  tenancy: true,
  act: (ctx, unitId, tenancyId) => ctx.services.unitActions.reserve(ctx, unitId, tenancyId),
});

const grantAccess = unitAction({
  path: 'grant_access',
  operationId: 'grantAccessToUnit',
  summary: 'Grant Access to a Unit',
  tenancy: true,
  act: (ctx, unitId, tenancyId) => ctx.services.unitActions.grantAccess(ctx, unitId, tenancyId),
});

const deallocateUnit = unitAction({
  path: 'deallocate',
  operationId: 'deallocateUnit',
  summary: 'Deallocate a Unit',
  act: (ctx, unitId) => ctx.services.unitActions.deallocate(ctx, unitId),
});

/** A POST changing every unit of one contact; the answer is the reference's sentence and the units changed. */
const contactUnitsAction = (a: {
  path: string;
  operationId: string;
  summary: string;
  act: (ctx: RequestContext, contactId: string) => Promise<Unit[]>;
  message: (count: number) => string;
}) =>
  defineRoute({
    method: 'POST',
    path: `/units/${a.path}`,
    scope: 'public.unit:write',
    operationId: a.operationId,
    summary: a.summary,
    tag: 'Units',
    body: ContactActionBody,
    response: UnitsActionSuccess,
    envelope: { kind: 'success' },
    handler: async (ctx, { body }) => {
      const units = await a.act(ctx, body.contact_id);
      return { message: a.message(units.length), meta: { unit_ids: units.map((u) => u.id) } };
    },
  });

// The reference's words, whatever the count.
const overlockUnits = contactUnitsAction({
  path: 'overlock',
  operationId: 'overlockUnits',
  summary: 'Overlock Units by Contact',
  act: (ctx, contactId) => ctx.services.unitActions.overlockContact(ctx, contactId),
  message: (n) => `${n} customer units were successfully overlocked.`,
});

const removeOverlock = contactUnitsAction({
  path: 'remove_overlock',
  operationId: 'removeOverlockFromUnits',
  summary: 'Remove Overlock from Units by Contact',
  act: (ctx, contactId) => ctx.services.unitActions.removeOverlockContact(ctx, contactId),
  message: (n) => `Overlock was successfully removed from ${n} customer units.`,
});

export const unitsModule: ResourceModule = {
  routes: [listUnits, showUnit, reserveUnit, grantAccess, deallocateUnit, overlockUnits, removeOverlock],
  types: [
    {
      name: 'unit',
      scope: 'public.unit:read',
      load: async (ctx, ids) => renderedById(await ctx.services.units.findMany(ctx, ids), (u) => serializeUnit(ctx, u)),
      relations: {
        site: { type: 'site' },
        unit_type: { type: 'unit_type' },
        unit_allocation: { type: 'unit_allocation' },
      },
    },
  ],
  renderers: { unit: serializeUnit },
};
