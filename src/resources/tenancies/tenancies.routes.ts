import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import { TenanciesEnvelope, TenanciesQuery, TenancyEnvelope, TenancyParams } from './tenancies.schemas.ts';
import { serializeTenancy } from './tenancies.serialize.ts';

const scope = 'public.tenancy:read';
const tag = 'Tenancies';

const listTenancies = defineRoute({
  method: 'GET',
  path: '/tenancies',
  scope,
  operationId: 'listTenancies',
  summary: 'List all Tenancies',
  tag,
  query: TenanciesQuery,
  response: TenanciesEnvelope,
  envelope: { kind: 'list', key: 'tenancies', type: 'tenancy' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.tenancies.list(ctx, pageOf(query));
    return { items: items.map((t) => serializeTenancy(ctx, t)), total };
  },
});

const showTenancy = defineRoute({
  method: 'GET',
  path: '/tenancies/:tenancy_id',
  scope,
  operationId: 'showTenancy',
  summary: 'Show a Tenancy',
  tag,
  params: TenancyParams,
  query: ShowQuery,
  response: TenancyEnvelope,
  envelope: { kind: 'one', key: 'tenancy', type: 'tenancy' },
  handler: async (ctx, { params }) => serializeTenancy(ctx, await ctx.services.tenancies.get(ctx, params.tenancy_id)),
});

export const tenanciesModule: ResourceModule = {
  routes: [listTenancies, showTenancy],
  types: [
    {
      name: 'tenancy',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.tenancies.findMany(ctx, ids), (t) => serializeTenancy(ctx, t)),
      relations: {
        contact: { type: 'contact' },
        order: { type: 'order' },
        site: { type: 'site' },
        subscription: { type: 'subscription' },
        unit_allocations: { type: 'unit_allocation', many: true },
      },
    },
  ],
  renderers: { tenancy: serializeTenancy },
};
