import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery, text } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import { StaffListEnvelope, StaffMemberEnvelope, StaffParams, StaffQuery } from './staff.schemas.ts';
import { serializeStaff } from './staff.serialize.ts';

const listStaff = defineRoute({
  method: 'GET',
  path: '/staff',
  scope: 'public.staff:read',
  operationId: 'listStaff',
  summary: 'List all Staff',
  tag: 'Staff',
  query: StaffQuery,
  response: StaffListEnvelope,
  envelope: { kind: 'list', key: 'staff', type: 'staff' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.staff.list(ctx, pageOf(query), { search: text(query, 'search') });
    return { items: items.map((s) => serializeStaff(ctx, s)), total };
  },
});

const showStaff = defineRoute({
  method: 'GET',
  path: '/staff/:staff_id',
  scope: 'public.staff:read',
  operationId: 'showStaff',
  summary: 'Show a Staff Member',
  tag: 'Staff',
  params: StaffParams,
  query: ShowQuery,
  response: StaffMemberEnvelope,
  envelope: { kind: 'one', key: 'staff', type: 'staff' },
  handler: async (ctx, { params }) => serializeStaff(ctx, await ctx.services.staff.get(ctx, params.staff_id)),
});

export const staffModule: ResourceModule = {
  routes: [listStaff, showStaff],
  types: [
    {
      name: 'staff',
      scope: 'public.staff:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.staff.findMany(ctx, ids), (s) => serializeStaff(ctx, s)),
    },
  ],
};
