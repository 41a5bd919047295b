import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { ContextsService } from '../operators/contexts.service.ts';
import type { EventsService } from '../events/events.service.ts';
import type { ContactsService } from '../contacts/contacts.service.ts';
import type { LineItemView, OrderFilter, PricedOrderView } from './order.ts';
import { lineViewOf, lineViewsOf, viewOf, viewsOf } from './order-views.ts';
import { canonicalOrderId, mustFind } from './order-state.ts';
import { orderDraftsService } from './order-drafts.service.ts';
import { orderCompletionService, type BookingRecordsPort } from './order-completion.service.ts';

export { canonicalOrderId } from './order-state.ts';
export type { OrderContactInput, OrderInput, OrderLineInput } from './order-drafts.service.ts';
export type { BookingRecordsPort, CheckoutView } from './order-completion.service.ts';

/**
 * Orders as one service: reads here, drafts (order-drafts.service.ts) and completion
 * (order-completion.service.ts) beside them, the state machine they share in order-state.ts.
 * Each request prices its order once (order-views.ts); a status change reuses those figures.
 */
export function ordersService(deps: {
  db: Db;
  clock: Clock;
  contexts: ContextsService;
  events: EventsService;
  contacts: ContactsService;
  billing: BookingRecordsPort;
}) {
  const { db } = deps;
  return {
    list: (ctx: OperatorContext, page: Page, filter: OrderFilter, range: TimeRange): Promise<PageOf<PricedOrderView>> =>
      withTransaction(db, async (tx) => {
        const res = await repo.listOrders(tx, ctx.operator.id, page, filter, range);
        return { items: await viewsOf(tx, ctx.operator.id, res.items), total: res.total };
      }),

    findMany: (ctx: OperatorContext, ids: string[]): Promise<PricedOrderView[]> =>
      withTransaction(db, async (tx) =>
        viewsOf(tx, ctx.operator.id, await repo.findOrders(tx, ctx.operator.id, ids.map(canonicalOrderId))),
      ),

    get: (ctx: OperatorContext, id: string): Promise<PricedOrderView> =>
      withTransaction(db, async (tx) => viewOf(tx, ctx.operator.id, await mustFind(tx, ctx, id))),

    listLines: (ctx: OperatorContext, orderId: string, page: Page): Promise<PageOf<LineItemView>> =>
      withTransaction(db, async (tx) => {
        const view = await viewOf(tx, ctx.operator.id, await mustFind(tx, ctx, orderId));
        const all = view.lines.map((line) => ({ line, priced: view.pricedLines.get(line.id)! }));
        const start = (page.page - 1) * page.limit;
        return { items: all.slice(start, start + page.limit), total: all.length };
      }),

    findLines: (ctx: OperatorContext, ids: string[]): Promise<LineItemView[]> =>
      withTransaction(db, async (tx) =>
        lineViewsOf(tx, ctx.operator.id, await repo.findLineItems(tx, ctx.operator.id, ids)),
      ),

    getLine: (ctx: OperatorContext, orderId: string, lineId: string): Promise<LineItemView> =>
      withTransaction(db, async (tx) => lineViewOf(tx, ctx.operator.id, await mustFind(tx, ctx, orderId), lineId)),

    ...orderDraftsService(deps),
    ...orderCompletionService(deps),
  };
}

export type OrdersService = ReturnType<typeof ordersService>;
