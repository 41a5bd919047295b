import type { ResourceModule } from '../module.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { serializeUnitAllocation } from './unit-allocations.serialize.ts';

/** For now only the expandable type (`unit?expand=unit_allocation`); the list/show endpoints come with the allocation actions. */
export const unitAllocationsModule: ResourceModule = {
  routes: [],
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
