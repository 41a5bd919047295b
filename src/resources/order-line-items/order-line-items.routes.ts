import { defineRoute } from '../../http/route.ts';
import { SuccessEnvelope } from '../../http/conventions/fields.ts';
import { ShowQuery } from '../../http/conventions/list-query.ts';
import type { ResourceModule } from '../module.ts';
import {
  LineItemEnvelope,
  LineItemInput,
  LineItemParams,
  LineItemsEnvelope,
  LineItemsParams,
  LineItemsQuery,
  UpdateLineItemBody,
} from './order-line-items.schemas.ts';
import { serializeLineItem } from './order-line-items.serialize.ts';
import { serializeUnitType } from '../unit-types/unit-types.serialize.ts';
import { serializeProtectionLevel } from '../protection-levels/protection-levels.serialize.ts';
import { serializeProduct } from '../products/products.serialize.ts';

const one = { kind: 'one', key: 'line_item', type: 'line_item' } as const;
const tag = 'Order Line Items';

const listLineItems = defineRoute({
  method: 'GET',
  path: '/orders/:order_id/line_items',
  scope: 'public.order:read',
  operationId: 'listOrderLineItems',
  summary: 'List all Line Items',
  tag,
  params: LineItemsParams,
  query: LineItemsQuery,
  response: LineItemsEnvelope,
  envelope: { kind: 'list', key: 'line_items', type: 'line_item' },
  handler: async (ctx, { params, query }) => {
    const page = { page: query.page ?? 1, limit: query.limit ?? 50, sortBy: 'position', direction: 'asc' as const };
    const { items, total } = await ctx.services.orders.listLines(ctx, params.order_id, page);
    return { items: items.map((l) => serializeLineItem(ctx, l)), total };
  },
});

/** 201: a new resource (docs/decisions/http-status.md). */
const createLineItem = defineRoute({
  method: 'POST',
  path: '/orders/:order_id/line_items',
  scope: 'public.order:write',
  operationId: 'createOrderLineItem',
  summary: 'Create a Line Item',
  tag,
  params: LineItemsParams,
  query: ShowQuery,
  body: LineItemInput,
  response: LineItemEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { params, body }) =>
    serializeLineItem(
      ctx,
      await ctx.services.orders.createLine(ctx, params.order_id, {
        type: body.type,
        quantity: body.quantity,
        unitAmount: body.price.amount,
        itemId: body.item.id,
      }),
    ),
});

const updateLineItem = defineRoute({
  method: 'PATCH',
  path: '/orders/:order_id/line_items/:line_item_id',
  scope: 'public.order:write',
  operationId: 'updateOrderLineItem',
  summary: 'Update a Line Item',
  tag,
  params: LineItemParams,
  query: ShowQuery,
  body: UpdateLineItemBody,
  response: LineItemEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeLineItem(
      ctx,
      await ctx.services.orders.updateLine(ctx, params.order_id, params.line_item_id, {
        quantity: body.quantity,
        unitAmount: body.price?.amount,
      }),
    ),
});

const deleteLineItem = defineRoute({
  method: 'DELETE',
  path: '/orders/:order_id/line_items/:line_item_id',
  scope: 'public.order:write',
  operationId: 'deleteOrderLineItem',
  summary: 'Delete a Line Item',
  tag,
  params: LineItemParams,
  response: SuccessEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.orders.removeLine(ctx, params.order_id, params.line_item_id);
    return { message: 'Line item deleted successfully.' };
  },
});

export const orderLineItemsModule: ResourceModule = {
  routes: [listLineItems, createLineItem, updateLineItem, deleteLineItem],
  types: [
    {
      name: 'line_item',
      scope: 'public.order:read',
      load: async (ctx, ids) =>
        new Map((await ctx.services.orders.findLines(ctx, ids)).map((l) => [l.line.id, serializeLineItem(ctx, l)])),
      // `item` names a unit type (also for security_deposit lines), a protection level or a product:
      // resolved by its id prefix, rendered as that resource's show endpoint renders it.
      relations: { item: { type: 'order_item' } },
    },
    {
      name: 'order_item',
      scope: 'public.order:read',
      load: async (ctx, ids) => {
        const pick = (prefix: string) => ids.filter((id) => id.startsWith(prefix));
        const [unitTypes, levels, products] = await Promise.all([
          ctx.services.unitTypes.findMany(ctx, pick('utype_')),
          ctx.services.protectionLevels.findMany(ctx, pick('plvl_')),
          ctx.services.products.findMany(ctx, pick('prod_')),
        ]);
        const out = new Map<string, Record<string, unknown>>();
        for (const u of unitTypes) out.set(u.id, serializeUnitType(ctx, u));
        for (const p of levels) out.set(p.id, serializeProtectionLevel(ctx, p));
        for (const p of products) out.set(p.id, serializeProduct(ctx, p));
        return out;
      },
    },
  ],
};
