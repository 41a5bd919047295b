import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery, text } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import { SiteEnvelope, SiteParams, SitesEnvelope, SitesQuery } from './sites.schemas.ts';
import { serializeSite } from './sites.serialize.ts';

const listSites = defineRoute({
  method: 'GET',
  path: '/sites',
  scope: 'public.site:read',
  operationId: 'listSites',
  summary: 'List all Sites',
  tag: 'Sites',
  query: SitesQuery,
  response: SitesEnvelope,
  envelope: { kind: 'list', key: 'sites', type: 'site' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.sites.list(ctx, pageOf(query), { search: text(query, 'search') });
    return { items: items.map((s) => serializeSite(ctx, s)), total };
  },
});

const showSite = defineRoute({
  method: 'GET',
  path: '/sites/:site_id',
  scope: 'public.site:read',
  operationId: 'showSite',
  summary: 'Show a Site',
  tag: 'Sites',
  params: SiteParams,
  query: ShowQuery,
  response: SiteEnvelope,
  envelope: { kind: 'one', key: 'site', type: 'site' },
  handler: async (ctx, { params }) => serializeSite(ctx, await ctx.services.sites.get(ctx, params.site_id)),
});

export const sitesModule: ResourceModule = {
  routes: [listSites, showSite],
  types: [
    {
      name: 'site',
      scope: 'public.site:read',
      load: async (ctx, ids) => renderedById(await ctx.services.sites.findMany(ctx, ids), (s) => serializeSite(ctx, s)),
      collections: {
        unit_types: {
          type: 'unit_type',
          childIds: (ctx, siteIds) => ctx.services.unitTypes.idsBySite(ctx, siteIds),
        },
      },
    },
  ],
};
