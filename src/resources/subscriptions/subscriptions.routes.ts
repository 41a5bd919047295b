import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  SubscriptionEnvelope,
  SubscriptionParams,
  SubscriptionsEnvelope,
  SubscriptionsQuery,
} from './subscriptions.schemas.ts';
import { serializeSubscription } from './subscriptions.serialize.ts';

const scope = 'public.subscription:read';
const tag = 'Subscriptions';

const listSubscriptions = defineRoute({
  method: 'GET',
  path: '/subscriptions',
  scope,
  operationId: 'listSubscriptions',
  summary: 'List all Subscriptions',
  tag,
  query: SubscriptionsQuery,
  response: SubscriptionsEnvelope,
  envelope: { kind: 'list', key: 'subscriptions', type: 'subscription' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.subscriptions.list(ctx, pageOf(query), {
      contactIds: multi(query, 'contact_id'),
    });
    return { items: items.map((s) => serializeSubscription(ctx, s)), total };
  },
});

const showSubscription = defineRoute({
  method: 'GET',
  path: '/subscriptions/:subscription_id',
  scope,
  operationId: 'showSubscription',
  summary: 'Show a Subscription',
  tag,
  params: SubscriptionParams,
  query: ShowQuery,
  response: SubscriptionEnvelope,
  envelope: { kind: 'one', key: 'subscription', type: 'subscription' },
  handler: async (ctx, { params }) =>
    serializeSubscription(ctx, await ctx.services.subscriptions.get(ctx, params.subscription_id)),
});

export const subscriptionsModule: ResourceModule = {
  routes: [listSubscriptions, showSubscription],
  types: [
    {
      name: 'subscription',
      scope,
      load: async (ctx, ids) =>
        renderedById(await ctx.services.subscriptions.findMany(ctx, ids), (s) => serializeSubscription(ctx, s)),
      relations: {
        contact: { type: 'contact' },
        order: { type: 'order' },
        site: { type: 'site' },
        tenancy: { type: 'tenancy' },
      },
    },
  ],
  renderers: { subscription: serializeSubscription },
};
