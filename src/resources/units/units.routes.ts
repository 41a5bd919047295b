import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import { UNIT_STATUSES, type UnitStatus } from '../../domain/catalogue/unit.ts';
import type { ResourceModule } from '../module.ts';
import { UnitEnvelope, UnitParams, UnitsEnvelope, UnitsQuery } from './units.schemas.ts';
import { serializeUnit } from './units.serialize.ts';

const listUnits = defineRoute({
  method: 'GET', path: '/units', scope: 'public.unit:read', operationId: 'listUnits', summary: 'List all Units', tag: 'Units',
  query: UnitsQuery, response: UnitsEnvelope, envelope: { kind: 'list', key: 'units', type: 'unit' },
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
  method: 'GET', path: '/units/:unit_id', scope: 'public.unit:read', operationId: 'showUnit', summary: 'Show a Unit', tag: 'Units',
  params: UnitParams, query: ShowQuery, response: UnitEnvelope, envelope: { kind: 'one', key: 'unit', type: 'unit' },
  handler: async (ctx, { params }) => serializeUnit(ctx, await ctx.services.units.get(ctx, params.unit_id)),
});

export const unitsModule: ResourceModule = {
  routes: [listUnits, showUnit],
  types: [
    {
      name: 'unit',
      scope: 'public.unit:read',
      load: async (ctx, ids) => renderedById(await ctx.services.units.findMany(ctx, ids), (u) => serializeUnit(ctx, u)),
      relations: { site: { type: 'site' }, unit_type: { type: 'unit_type' }, unit_allocation: { type: 'unit_allocation' } },
    },
  ],
  renderers: { unit: serializeUnit },
};
