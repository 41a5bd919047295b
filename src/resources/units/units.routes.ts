import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import { UNIT_STATUSES, type UnitStatus } from '../../domain/catalogue/unit.ts';
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

const reserveUnit = defineRoute({
  method: 'POST',
  path: '/units/:unit_id/reserve',
  scope: 'public.unit:write',
  operationId: 'reserveUnit',
  summary: 'Reserve a Unit',
  tag: 'Units',
  params: UnitParams,
  query: ShowQuery,
  body: TenancyActionBody,
  response: UnitEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeUnit(ctx, await ctx.services.unitActions.reserve(ctx, params.unit_id, body.tenancy_id)),
});

const grantAccess = defineRoute({
  method: 'POST',
  path: '/units/:unit_id/grant_access',
  scope: 'public.unit:write',
  operationId: 'grantAccessToUnit',
  summary: 'Grant Access to a Unit',
  tag: 'Units',
  params: UnitParams,
  query: ShowQuery,
  body: TenancyActionBody,
  response: UnitEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeUnit(ctx, await ctx.services.unitActions.grantAccess(ctx, params.unit_id, body.tenancy_id)),
});

const deallocateUnit = defineRoute({
  method: 'POST',
  path: '/units/:unit_id/deallocate',
  scope: 'public.unit:write',
  operationId: 'deallocateUnit',
  summary: 'Deallocate a Unit',
  tag: 'Units',
  params: UnitParams,
  query: ShowQuery,
  response: UnitEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeUnit(ctx, await ctx.services.unitActions.deallocate(ctx, params.unit_id)),
});

const overlockUnits = defineRoute({
  method: 'POST',
  path: '/units/overlock',
  scope: 'public.unit:write',
  operationId: 'overlockUnits',
  summary: 'Overlock Units by Contact',
  tag: 'Units',
  body: ContactActionBody,
  response: UnitsActionSuccess,
  envelope: { kind: 'success' },
  handler: async (ctx, { body }) => {
    const units = await ctx.services.unitActions.overlockContact(ctx, body.contact_id);
    // The reference's words, whatever the count.
    return {
      message: `${units.length} customer units were successfully overlocked.`,
      meta: { unit_ids: units.map((u) => u.id) },
    };
  },
});

const removeOverlock = defineRoute({
  method: 'POST',
  path: '/units/remove_overlock',
  scope: 'public.unit:write',
  operationId: 'removeOverlockFromUnits',
  summary: 'Remove Overlock from Units by Contact',
  tag: 'Units',
  body: ContactActionBody,
  response: UnitsActionSuccess,
  envelope: { kind: 'success' },
  handler: async (ctx, { body }) => {
    const units = await ctx.services.unitActions.removeOverlockContact(ctx, body.contact_id);
    return {
      message: `Overlock was successfully removed from ${units.length} customer units.`,
      meta: { unit_ids: units.map((u) => u.id) },
    };
  },
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
