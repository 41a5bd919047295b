import type { Static } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import { SuccessEnvelope } from '../../http/conventions/fields.ts';
import { multi, pageOf, ShowQuery, timeRangeOf } from '../../http/conventions/list-query.ts';
import { invalidContent } from '../../kernel/errors.ts';
import { ORDER_STATUSES } from '../../domain/orders/order.ts';
import type { OrderContactInput, OrderInput } from '../../domain/orders/orders.service.ts';
import type { ContactCreateInput } from '../../domain/contacts/contacts.service.ts';
import type { ResourceModule } from '../module.ts';
import { contactInputOf } from '../contacts/contacts.schemas.ts';
import {
  CreateOrderBody,
  FinalizeOrderBody,
  OrderEnvelope,
  OrderParams,
  OrdersEnvelope,
  OrdersQuery,
  UpdateOrderBody,
} from './orders.schemas.ts';
import { serializeOrder } from './orders.serialize.ts';
import { payOrderInSandbox } from './orders-sandbox.routes.ts';

const one = { kind: 'one', key: 'order', type: 'order' } as const;
const tag = 'Orders';

type CreateBody = Static<typeof CreateOrderBody>;
type UpdateBody = Static<typeof UpdateOrderBody>;

function contactOf(contact: NonNullable<CreateBody['contact']>): OrderContactInput {
  const { id, ...fields } = contact;
  if (id !== undefined) {
    if (Object.keys(fields).length) {
      throw invalidContent(
        '/contact',
        'value at `/contact` must hold either an existing contact `id` or the fields of a new contact, not both',
      );
    }
    return { id };
  }
  if (!fields.email)
    throw invalidContent('/contact/email', 'object at `/contact` is missing required properties: email');
  return contactInputOf(fields as never) as ContactCreateInput;
}

/** Wire body → domain input; absent keys stay absent so that PATCH leaves them alone. */
function orderInputOf(body: UpdateBody & Partial<Pick<CreateBody, 'line_items' | 'finalize'>>): OrderInput {
  const input: OrderInput = {};
  if (body.site) input.siteId = body.site.id;
  if (body.contact !== undefined) input.contact = body.contact === null ? null : contactOf(body.contact);
  if (body.billing_period !== undefined) input.billingPeriod = body.billing_period;
  if (body.payment_method !== undefined) input.paymentMethod = body.payment_method;
  if (body.starts_at !== undefined) input.startsAt = body.starts_at;
  if (body.purchase_order_number !== undefined) input.purchaseOrderNumber = body.purchase_order_number;
  if (body.emails)
    input.emails = { bookingConfirmation: body.emails.booking_confirmation, moveInDay: body.emails.move_in_day };
  if (body.coupon !== undefined) input.couponId = body.coupon?.id ?? null;
  if (body.contract_template !== undefined) input.contractTemplateId = body.contract_template?.id ?? null;
  if (body.metadata !== undefined) input.metadata = body.metadata;
  if (body.line_items)
    input.lineItems = body.line_items.map((l) => ({
      type: l.type,
      quantity: l.quantity,
      unitAmount: l.price.amount,
      itemId: l.item.id,
    }));
  if (body.finalize) input.finalize = { cancelRedirectUrl: body.finalize.cancel_redirect_url };
  return input;
}

const listOrders = defineRoute({
  method: 'GET',
  path: '/orders',
  scope: 'public.order:read',
  operationId: 'listOrders',
  summary: 'List all Orders',
  tag,
  query: OrdersQuery,
  response: OrdersEnvelope,
  envelope: { kind: 'list', key: 'orders', type: 'order' },
  handler: async (ctx, { query }) => {
    const filter = {
      statuses: multi(query, 'status', ORDER_STATUSES) as never,
      siteIds: multi(query, 'site_id'),
      contactIds: multi(query, 'contact_id'),
    };
    const { items, total } = await ctx.services.orders.list(ctx, pageOf(query), filter, timeRangeOf(query));
    return { items: items.map((o) => serializeOrder(ctx, o)), total };
  },
});

const showOrder = defineRoute({
  method: 'GET',
  path: '/orders/:order_id',
  scope: 'public.order:read',
  operationId: 'showOrder',
  summary: 'Show an Order',
  tag,
  params: OrderParams,
  query: ShowQuery,
  response: OrderEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeOrder(ctx, await ctx.services.orders.get(ctx, params.order_id)),
});

/** 201: a new resource (docs/decisions/http-status.md), also when `finalize` finalizes it at once. */
const createOrder = defineRoute({
  method: 'POST',
  path: '/orders',
  scope: 'public.order:write',
  operationId: 'createOrder',
  summary: 'Create an Order',
  tag,
  query: ShowQuery,
  body: CreateOrderBody,
  response: OrderEnvelope,
  envelope: one,
  status: 201,
  handler: async (ctx, { body }) => serializeOrder(ctx, await ctx.services.orders.create(ctx, orderInputOf(body))),
});

const updateOrder = defineRoute({
  method: 'PATCH',
  path: '/orders/:order_id',
  scope: 'public.order:write',
  operationId: 'updateOrder',
  summary: 'Update an Order',
  tag,
  params: OrderParams,
  query: ShowQuery,
  body: UpdateOrderBody,
  response: OrderEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeOrder(ctx, await ctx.services.orders.update(ctx, params.order_id, orderInputOf(body))),
});

const deleteOrder = defineRoute({
  method: 'DELETE',
  path: '/orders/:order_id',
  scope: 'public.order:write',
  operationId: 'deleteOrder',
  summary: 'Delete an Order',
  tag,
  params: OrderParams,
  response: SuccessEnvelope,
  envelope: { kind: 'success' },
  handler: async (ctx, { params }) => {
    await ctx.services.orders.remove(ctx, params.order_id);
    return { message: 'Order deleted successfully.' };
  },
});

const validateOrder = defineRoute({
  method: 'GET',
  path: '/orders/:order_id/validate',
  scope: 'public.order:read',
  operationId: 'validateOrder',
  summary: 'Validate an Order',
  tag,
  params: OrderParams,
  query: ShowQuery,
  response: OrderEnvelope,
  envelope: one,
  handler: async (ctx, { params }) => serializeOrder(ctx, await ctx.services.orders.validate(ctx, params.order_id)),
});

const finalizeOrder = defineRoute({
  method: 'POST',
  path: '/orders/:order_id/finalize',
  scope: 'public.order:write',
  operationId: 'finalizeOrder',
  summary: 'Finalize an Order',
  tag,
  params: OrderParams,
  query: ShowQuery,
  body: FinalizeOrderBody,
  response: OrderEnvelope,
  envelope: one,
  handler: async (ctx, { params, body }) =>
    serializeOrder(ctx, await ctx.services.orders.finalize(ctx, params.order_id, body.finalize.cancel_redirect_url)),
});

export const ordersModule: ResourceModule = {
  routes: [
    listOrders,
    showOrder,
    createOrder,
    updateOrder,
    deleteOrder,
    validateOrder,
    finalizeOrder,
    payOrderInSandbox,
  ],
  types: [
    {
      name: 'order',
      scope: 'public.order:read',
      load: async (ctx, ids) =>
        new Map((await ctx.services.orders.findMany(ctx, ids)).map((o) => [o.order.id, serializeOrder(ctx, o)])),
      relations: {
        contact: { type: 'contact' },
        site: { type: 'site' },
        coupon: { type: 'coupon' },
        line_items: { type: 'line_item', many: true },
      },
    },
  ],
  renderers: { order: serializeOrder },
};
