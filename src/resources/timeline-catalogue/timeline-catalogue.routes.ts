import { defineRoute } from '../../http/route.ts';
import { pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  SourceEnvelope,
  SourceParams,
  SourcesEnvelope,
  TemplateEnvelope,
  TemplateParams,
  TemplatesEnvelope,
  TimelineQuery,
} from './timeline-catalogue.schemas.ts';
import { serializeTimelineSource, serializeTimelineTemplate } from './timeline-catalogue.serialize.ts';

const tag = 'Timeline';

const listSources = defineRoute({
  method: 'GET',
  path: '/timeline/sources',
  scope: 'public.timeline_source:read',
  operationId: 'listTimelineSources',
  summary: 'List all Sources',
  tag,
  query: TimelineQuery,
  response: SourcesEnvelope,
  envelope: { kind: 'list', key: 'sources', type: 'timeline_source' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.timelineCatalogue.listSources(ctx, pageOf(query), timeRangeOf(query));
    return { items: items.map((s) => serializeTimelineSource(ctx, s)), total };
  },
});

const showSource = defineRoute({
  method: 'GET',
  path: '/timeline/sources/:source_id',
  scope: 'public.timeline_source:read',
  operationId: 'showTimelineSource',
  summary: 'Show a Source',
  tag,
  params: SourceParams,
  query: ShowQuery,
  response: SourceEnvelope,
  envelope: { kind: 'one', key: 'source', type: 'timeline_source' },
  handler: async (ctx, { params }) =>
    serializeTimelineSource(ctx, await ctx.services.timelineCatalogue.getSource(ctx, params.source_id)),
});

const listTemplates = defineRoute({
  method: 'GET',
  path: '/timeline/templates',
  scope: 'public.timeline_template:read',
  operationId: 'listTimelineTemplates',
  summary: 'List all Templates',
  tag,
  query: TimelineQuery,
  response: TemplatesEnvelope,
  envelope: { kind: 'list', key: 'templates', type: 'timeline_template' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.timelineCatalogue.listTemplates(ctx, pageOf(query), timeRangeOf(query));
    return { items: items.map((t) => serializeTimelineTemplate(ctx, t)), total };
  },
});

const showTemplate = defineRoute({
  method: 'GET',
  path: '/timeline/templates/:template_id',
  scope: 'public.timeline_template:read',
  operationId: 'showTimelineTemplate',
  summary: 'Show a Template',
  tag,
  params: TemplateParams,
  query: ShowQuery,
  response: TemplateEnvelope,
  envelope: { kind: 'one', key: 'template', type: 'timeline_template' },
  handler: async (ctx, { params }) =>
    serializeTimelineTemplate(ctx, await ctx.services.timelineCatalogue.getTemplate(ctx, params.template_id)),
});

export const timelineCatalogueModule: ResourceModule = {
  routes: [listSources, showSource, listTemplates, showTemplate],
  types: [
    {
      name: 'timeline_source',
      scope: 'public.timeline_source:read',
      load: async (ctx, ids) =>
        new Map(
          (await ctx.services.timelineCatalogue.findSources(ctx, ids)).map((s) => [
            s.id,
            serializeTimelineSource(ctx, s),
          ]),
        ),
    },
    {
      name: 'timeline_template',
      scope: 'public.timeline_template:read',
      load: async (ctx, ids) =>
        new Map(
          (await ctx.services.timelineCatalogue.findTemplates(ctx, ids)).map((t) => [
            t.id,
            serializeTimelineTemplate(ctx, t),
          ]),
        ),
    },
  ],
};
