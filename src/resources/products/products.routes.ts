import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { multi, pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import { CHARGE_TYPES, type ChargeType } from '../../domain/catalogue/product.ts';
import type { ResourceModule } from '../module.ts';
import {
  ProductBasePriceBody,
  ProductEnvelope,
  ProductParams,
  ProductsEnvelope,
  ProductsQuery,
} from './products.schemas.ts';
import { serializeProduct } from './products.serialize.ts';

const one = { kind: 'one', key: 'product', type: 'product' } as const;

const listProducts = defineRoute({
  method: 'GET',
  path: '/products',
  scope: 'public.product:read',
  operationId: 'listProducts',
  summary: 'List all Products',
  tag: 'Products',
  query: ProductsQuery,
  response: ProductsEnvelope,
  envelope: { kind: 'list', key: 'products', type: 'product' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.products.list(ctx, pageOf(query), {
      siteIds: multi(query, 'site_id'),
      chargeTypes: multi(query, 'charge_type', CHARGE_TYPES) as ChargeType[] | undefined,
      categoryIds: multi(query, 'category_id'),
    });
    return { items: items.map((p) => serializeProduct(ctx, p)), total };
  },
});

const showProduct = defineRoute({
  method: 'GET',
  path: '/products/:product_id',
  scope: 'public.product:read',
  operationId: 'showProduct',
  summary: 'Show a Product',
  tag: 'Products',
  params: ProductParams,
  query: ShowQuery,
  response: ProductEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeProduct(ctx, await ctx.services.products.get(ctx, params.product_id)),
});

const createBasePrice = defineRoute({
  method: 'POST',
  path: '/products/:product_id/base_price',
  scope: 'public.product:write',
  operationId: 'createProductBasePrice',
  summary: 'Create Base Price for the Product',
  tag: 'Products',
  params: ProductParams,
  query: ShowQuery,
  body: ProductBasePriceBody,
  response: ProductEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeProduct(ctx, await ctx.services.products.setBasePrices(ctx, params.product_id, body)),
});

export const productsModule: ResourceModule = {
  routes: [listProducts, showProduct, createBasePrice],
  types: [
    {
      name: 'product',
      scope: 'public.product:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.products.findMany(ctx, ids), (p) => serializeProduct(ctx, p)),
      relations: { category: { type: 'product_category' }, site: { type: 'site' } },
    },
  ],
};
