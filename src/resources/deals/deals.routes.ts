import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery, text, timeRangeOf } from '../../http/conventions/list-query.ts';
import { DEAL_STATUSES, LOST_REASONS } from '../../domain/deals/deal.ts';
import type { ResourceModule } from '../module.ts';
import {
  CreateDealBody,
  DealEnvelope,
  DealParams,
  DealsEnvelope,
  DealsQuery,
  LoseDealBody,
  ReopenDealBody,
  UpdateDealBody,
  dealInputOf,
} from './deals.schemas.ts';
import { serializeDeal } from './deals.serialize.ts';

const one = { kind: 'one', key: 'deal', type: 'deal' } as const;
const tag = 'Deals';
const read = 'public.deal:read';
const write = 'public.deal:write';

const listDeals = defineRoute({
  method: 'GET',
  path: '/deals',
  scope: read,
  operationId: 'listDeals',
  summary: 'List all Deals',
  tag,
  query: DealsQuery,
  response: DealsEnvelope,
  envelope: { kind: 'list', key: 'deals', type: 'deal' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', DEAL_STATUSES),
      stageIds: multi(query, 'stage_id'),
      contactIds: multi(query, 'contact_id'),
      assigneeIds: multi(query, 'assignee_id'),
      siteIds: multi(query, 'site_id'),
      lostReasons: multi(query, 'lost_reason', LOST_REASONS),
      search: text(query, 'search'),
    };
    const { items, total } = await ctx.services.deals.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((d) => serializeDeal(ctx, d)), total };
  },
});

const showDeal = defineRoute({
  method: 'GET',
  path: '/deals/:deal_id',
  scope: read,
  operationId: 'showDeal',
  summary: 'Show a Deal',
  tag,
  params: DealParams,
  query: ShowQuery,
  response: DealEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeDeal(ctx, await ctx.services.deals.get(ctx, params.deal_id)),
});

const createDeal = defineRoute({
  method: 'POST',
  path: '/deals',
  scope: write,
  operationId: 'createDeal',
  summary: 'Create a Deal',
  tag,
  query: ShowQuery,
  body: CreateDealBody,
  response: DealEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) =>
    serializeDeal(
      ctx,
      await ctx.services.deals.create(ctx, { ...dealInputOf(body), name: body.name, contactId: body.contact.id }),
    ),
});

const updateDeal = defineRoute({
  method: 'PATCH',
  path: '/deals/:deal_id',
  scope: write,
  operationId: 'updateDeal',
  summary: 'Update a Deal',
  tag,
  params: DealParams,
  query: ShowQuery,
  body: UpdateDealBody,
  response: DealEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeDeal(ctx, await ctx.services.deals.update(ctx, params.deal_id, dealInputOf(body))),
});

const winDeal = defineRoute({
  method: 'POST',
  path: '/deals/:deal_id/win',
  scope: write,
  operationId: 'winDeal',
  summary: 'Win a Deal',
  tag,
  params: DealParams,
  query: ShowQuery,
  response: DealEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeDeal(ctx, await ctx.services.deals.win(ctx, params.deal_id)),
});

const loseDeal = defineRoute({
  method: 'POST',
  path: '/deals/:deal_id/lose',
  scope: write,
  operationId: 'loseDeal',
  summary: 'Lose a Deal',
  tag,
  params: DealParams,
  query: ShowQuery,
  body: LoseDealBody,
  response: DealEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeDeal(ctx, await ctx.services.deals.lose(ctx, params.deal_id, body.lost_reason)),
});

const reopenDeal = defineRoute({
  method: 'POST',
  path: '/deals/:deal_id/reopen',
  scope: write,
  operationId: 'reopenDeal',
  summary: 'Reopen a Deal',
  tag,
  params: DealParams,
  query: ShowQuery,
  body: ReopenDealBody,
  response: DealEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeDeal(
      ctx,
      await ctx.services.deals.reopen(ctx, params.deal_id, {
        stageId: body?.stage?.id,
        assigneeId: body?.assignee?.id,
      }),
    ),
});

export const dealsModule: ResourceModule = {
  routes: [listDeals, showDeal, createDeal, updateDeal, winDeal, loseDeal, reopenDeal],
  types: [
    {
      name: 'deal',
      scope: read,
      load: async (ctx, ids) => renderedById(await ctx.services.deals.findMany(ctx, ids), (d) => serializeDeal(ctx, d)),
      // `creator` may be staff, an application or a token: only staff creators expand.
      relations: {
        assignee: { type: 'staff' },
        contact: { type: 'contact' },
        creator: { type: 'staff' },
        site: { type: 'site' },
        stage: { type: 'deal_stage' },
      },
    },
  ],
  renderers: { deal: serializeDeal },
};
