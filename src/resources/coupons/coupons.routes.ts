import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import { CouponEnvelope, CouponParams, CouponsEnvelope, CouponsQuery } from './coupons.schemas.ts';
import { serializeCoupon } from './coupons.serialize.ts';

const listCoupons = defineRoute({
  method: 'GET',
  path: '/coupons',
  scope: 'public.coupon:read',
  operationId: 'listCoupons',
  summary: 'List all Coupons',
  tag: 'Coupons',
  query: CouponsQuery,
  response: CouponsEnvelope,
  envelope: { kind: 'list', key: 'coupons', type: 'coupon' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.coupons.list(ctx, pageOf(query));
    return { items: items.map((c) => serializeCoupon(ctx, c)), total };
  },
});

const showCoupon = defineRoute({
  method: 'GET',
  path: '/coupons/:coupon_id',
  scope: 'public.coupon:read',
  operationId: 'showCoupon',
  summary: 'Show a Coupon',
  tag: 'Coupons',
  params: CouponParams,
  query: ShowQuery,
  response: CouponEnvelope,
  envelope: { kind: 'one', key: 'coupon', type: 'coupon' },
  handler: async (ctx, { params }) => serializeCoupon(ctx, await ctx.services.coupons.get(ctx, params.coupon_id)),
});

export const couponsModule: ResourceModule = {
  routes: [listCoupons, showCoupon],
  types: [
    {
      name: 'coupon',
      scope: 'public.coupon:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.coupons.findMany(ctx, ids), (c) => serializeCoupon(ctx, c)),
    },
  ],
  renderers: { coupon: serializeCoupon },
};
