import { defineRoute } from '../../http/route.ts';
import { renderedById } from '../../http/conventions/resource-types.ts';
import { pageOf, ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  ProductCategoriesEnvelope,
  ProductCategoriesQuery,
  ProductCategoryEnvelope,
  ProductCategoryParams,
} from './product-categories.schemas.ts';
import { serializeProductCategory } from './product-categories.serialize.ts';

const listProductCategories = defineRoute({
  method: 'GET',
  path: '/product_categories',
  scope: 'public.product_category:read',
  operationId: 'listProductCategories',
  summary: 'List all Product Categories',
  tag: 'Product Categories',
  query: ProductCategoriesQuery,
  response: ProductCategoriesEnvelope,
  envelope: { kind: 'list', key: 'product_categories', type: 'product_category' },
  handler: async (ctx, { query }) => {
    const { items, total } = await ctx.services.productCategories.list(ctx, pageOf(query));
    return { items: items.map((c) => serializeProductCategory(ctx, c)), total };
  },
});

const showProductCategory = defineRoute({
  method: 'GET',
  path: '/product_categories/:product_category_id',
  scope: 'public.product_category:read',
  operationId: 'showProductCategory',
  summary: 'Show a Product Category',
  tag: 'Product Categories',
  params: ProductCategoryParams,
  query: ShowQuery,
  response: ProductCategoryEnvelope,
  envelope: { kind: 'one', key: 'product_category', type: 'product_category' },
  handler: async (ctx, { params }) =>
    serializeProductCategory(ctx, await ctx.services.productCategories.get(ctx, params.product_category_id)),
});

export const productCategoriesModule: ResourceModule = {
  routes: [listProductCategories, showProductCategory],
  types: [
    {
      name: 'product_category',
      scope: 'public.product_category:read',
      load: async (ctx, ids) =>
        renderedById(await ctx.services.productCategories.findMany(ctx, ids), (c) => serializeProductCategory(ctx, c)),
    },
  ],
};
