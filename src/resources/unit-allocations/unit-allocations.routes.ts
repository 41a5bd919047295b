import { Type } from '@sinclair/typebox';
import type { ResourceModule } from '../module.ts';
import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery, multi, pageOf, ShowQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { serializeUnitAllocation } from './unit-allocations.serialize.ts';
import { UnitAllocationSchema } from './unit-allocations.schemas.ts';

const UnitAllocationsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    contact_id: idsFilter('Contact'),
    tenancy_id: idsFilter('Tenancy'),
    unit_id: idsFilter('Unit'),
    site_id: idsFilter('Site'),
  },
});
const UnitAllocationParams = Type.Object({ unit_allocation_id: Type.String() });

const listUnitAllocations = defineRoute({
  method: 'GET',
  path: '/unit_allocations',
  scope: 'public.unit_allocation:read',
  operationId: 'listUnitAllocations',
  summary: 'List all Unit Allocations',
  tag: 'Unit Allocations',
  query: UnitAllocationsQuery,
  response: listEnvelope('unit_allocations', UnitAllocationSchema),
  envelope: { kind: 'list', key: 'unit_allocations', type: 'unit_allocation' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.unitAllocations.list(ctx, pageOf(query), {
      contactIds: multi(query, 'contact_id'),
      tenancyIds: multi(query, 'tenancy_id'),
      unitIds: multi(query, 'unit_id'),
      siteIds: multi(query, 'site_id'),
    });
    return { items: items.map((a) => serializeUnitAllocation(ctx, a)), total };
  },
});

const showUnitAllocation = defineRoute({
  method: 'GET',
  path: '/unit_allocations/:unit_allocation_id',
  scope: 'public.unit_allocation:read',
  operationId: 'showUnitAllocation',
  summary: 'Show a Unit Allocation',
  tag: 'Unit Allocations',
  params: UnitAllocationParams,
  query: ShowQuery,
  response: oneEnvelope('unit_allocation', UnitAllocationSchema),
  envelope: { kind: 'one', key: 'unit_allocation', type: 'unit_allocation' },
  handler: async (ctx, { params }) =>
    serializeUnitAllocation(ctx, await ctx.services.unitAllocations.get(ctx, params.unit_allocation_id)),
});

/** Read-only: allocations are made and removed by the unit actions. */
export const unitAllocationsModule: ResourceModule = {
  routes: [listUnitAllocations, showUnitAllocation],
  types: [
    {
      name: 'unit_allocation',
      scope: 'public.unit_allocation:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.unitAllocations.findMany(ctx, ids), (a) => serializeUnitAllocation(ctx, a)),
      relations: { tenancy: { type: 'tenancy' }, unit: { type: 'unit' } },
    },
  ],
};
