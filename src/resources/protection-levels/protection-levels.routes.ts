import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  ProtectionLevelBasePriceBody,
  ProtectionLevelEnvelope,
  ProtectionLevelParams,
  ProtectionLevelsEnvelope,
  ProtectionLevelsQuery,
} from './protection-levels.schemas.ts';
import { serializeProtectionLevel } from './protection-levels.serialize.ts';

const one = { kind: 'one', key: 'protection_level', type: 'protection_level' } as const;

const listProtectionLevels = defineRoute({
  method: 'GET',
  path: '/protection_levels',
  scope: 'public.protection_level:read',
  operationId: 'listProtectionLevels',
  summary: 'List all Protection Levels',
  tag: 'Protection Levels',
  query: ProtectionLevelsQuery,
  response: ProtectionLevelsEnvelope,
  envelope: { kind: 'list', key: 'protection_levels', type: 'protection_level' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.protectionLevels.list(ctx, pageOf(query));
    return { items: items.map((p) => serializeProtectionLevel(ctx, p)), total };
  },
});

const showProtectionLevel = defineRoute({
  method: 'GET',
  path: '/protection_levels/:protection_level_id',
  scope: 'public.protection_level:read',
  operationId: 'showProtectionLevel',
  summary: 'Show a Protection Level',
  tag: 'Protection Levels',
  params: ProtectionLevelParams,
  query: ShowQuery,
  response: ProtectionLevelEnvelope,
  envelope: one,
  handler: async (ctx, { params }) =>
    serializeProtectionLevel(ctx, await ctx.services.protectionLevels.get(ctx, params.protection_level_id)),
});

const createBasePrice = defineRoute({
  method: 'POST',
  path: '/protection_levels/:protection_level_id/base_price',
  scope: 'public.protection_level:write',
  operationId: 'createProtectionLevelBasePrice',
  summary: 'Create Base Price for the Protection Level',
  tag: 'Protection Levels',
  params: ProtectionLevelParams,
  query: ShowQuery,
  body: ProtectionLevelBasePriceBody,
  response: ProtectionLevelEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeProtectionLevel(
      ctx,
      await ctx.services.protectionLevels.setBasePrices(ctx, params.protection_level_id, body),
    ),
});

export const protectionLevelsModule: ResourceModule = {
  routes: [listProtectionLevels, showProtectionLevel, createBasePrice],
  types: [
    {
      name: 'protection_level',
      scope: 'public.protection_level:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.protectionLevels.findMany(ctx, ids), (p) => serializeProtectionLevel(ctx, p)),
    },
  ],
  renderers: { protection_level: serializeProtectionLevel },
};
