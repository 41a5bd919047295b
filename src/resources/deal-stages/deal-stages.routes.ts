import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import { DealStageEnvelope, DealStageParams, DealStagesEnvelope, DealStagesQuery } from './deal-stages.schemas.ts';
import { serializeDealStage } from './deal-stages.serialize.ts';

const scope = 'public.deal_stage:read';
const tag = 'Deal Stages';

const listStages = defineRoute({
  method: 'GET',
  path: '/deals/stages',
  scope,
  operationId: 'listDealStages',
  summary: 'List all Stages',
  tag,
  query: DealStagesQuery,
  response: DealStagesEnvelope,
  envelope: { kind: 'list', key: 'stages', type: 'deal_stage' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.dealStages.list(ctx, pageOf(query));
    return { items: items.map((s) => serializeDealStage(ctx, s)), total };
  },
});

const showStage = defineRoute({
  method: 'GET',
  path: '/deals/stages/:stage_id',
  scope,
  operationId: 'showDealStage',
  summary: 'Show a Deal Stage',
  tag,
  params: DealStageParams,
  query: ShowQuery,
  response: DealStageEnvelope,
  envelope: { kind: 'one', key: 'stage', type: 'deal_stage' },
  handler: async (ctx, { params }) => serializeDealStage(ctx, await ctx.services.dealStages.get(ctx, params.stage_id)),
});

export const dealStagesModule: ResourceModule = {
  routes: [listStages, showStage],
  types: [
    {
      name: 'deal_stage',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.dealStages.findMany(ctx, ids), (s) => serializeDealStage(ctx, s)),
    },
  ],
};
