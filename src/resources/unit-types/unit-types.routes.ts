import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  BasePriceBody,
  UnitTypeEnvelope,
  UnitTypeParams,
  UnitTypesEnvelope,
  UnitTypesQuery,
} from './unit-types.schemas.ts';
import { serializeUnitType } from './unit-types.serialize.ts';

const one = { kind: 'one', key: 'unit_type', type: 'unit_type' } as const;

const listUnitTypes = defineRoute({
  method: 'GET',
  path: '/unit_types',
  scope: 'public.unit_type:read',
  operationId: 'listUnitTypes',
  summary: 'List all Unit Types',
  tag: 'Unit Types',
  query: UnitTypesQuery,
  response: UnitTypesEnvelope,
  envelope: { kind: 'list', key: 'unit_types', type: 'unit_type' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.unitTypes.list(ctx, pageOf(query), {
      siteIds: multi(query, 'site_id'),
    });
    return { items: items.map((u) => serializeUnitType(ctx, u)), total };
  },
});

const showUnitType = defineRoute({
  method: 'GET',
  path: '/unit_types/:unit_type_id',
  scope: 'public.unit_type:read',
  operationId: 'showUnitType',
  summary: 'Show a Unit Type',
  tag: 'Unit Types',
  params: UnitTypeParams,
  query: ShowQuery,
  response: UnitTypeEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeUnitType(ctx, await ctx.services.unitTypes.get(ctx, params.unit_type_id)),
});

const createBasePrice = defineRoute({
  method: 'POST',
  path: '/unit_types/:unit_type_id/base_price',
  scope: 'public.unit_type:write',
  operationId: 'createUnitTypeBasePrice',
  summary: 'Create Base Price for the Unit Type',
  tag: 'Unit Types',
  params: UnitTypeParams,
  query: ShowQuery,
  body: BasePriceBody,
  response: UnitTypeEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeUnitType(ctx, await ctx.services.unitTypes.setBasePrices(ctx, params.unit_type_id, body)),
});

export const unitTypesModule: ResourceModule = {
  routes: [listUnitTypes, showUnitType, createBasePrice],
  types: [
    {
      name: 'unit_type',
      scope: 'public.unit_type:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.unitTypes.findMany(ctx, ids), (u) => serializeUnitType(ctx, u)),
      relations: { site: { type: 'site' }, promotion: { type: 'coupon' } },
    },
  ],
  renderers: { unit_type: serializeUnitType },
};
