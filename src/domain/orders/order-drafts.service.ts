import { invalidContent, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import { findContractTemplates } from '../../storage/repos/contract-templates.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { ContactCreateInput, ContactsService } from '../contacts/contacts.service.ts';
import type { BillingPeriod } from '../catalogue/price.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import type { LineItemType, LineItemView, Order, OrderLineItem, PaymentMethod, PricedOrderView } from './order.ts';
import { lineViewOf, viewOf } from './order-views.ts';
import { resolveItem } from './order-items.ts';
import { finalizeIn, locked, mustBeDraft, mustFind, notReady, problemsOf } from './order-state.ts';

export interface OrderLineInput {
  type: LineItemType;
  quantity: number;
  unitAmount: number;
  itemId: string;
}

export type OrderContactInput = { id: string } | ContactCreateInput;

export interface OrderInput {
  siteId?: string;
  contact?: OrderContactInput | null;
  billingPeriod?: BillingPeriod | null;
  paymentMethod?: PaymentMethod;
  /** ISO 8601 or "now". */
  startsAt?: string | null;
  couponId?: string | null;
  contractTemplateId?: string | null;
  purchaseOrderNumber?: string | null;
  emails?: { bookingConfirmation?: boolean; moveInDay?: boolean };
  metadata?: unknown;
  lineItems?: OrderLineInput[];
  finalize?: { cancelRedirectUrl: string };
  /** Where the order came from: `public_api` (default), `storefront` or `backoffice` (a walk-in booked by staff). */
  source?: 'public_api' | 'storefront' | 'backoffice';
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function startsAtOf(value: string | null): { startsAt: Date | null; startsNow: boolean } {
  if (value === null) return { startsAt: null, startsNow: false };
  if (value === 'now') return { startsAt: null, startsNow: true };
  const d = new Date(value);
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(d.getTime())) {
    throw invalidContent('/starts_at', 'value at `/starts_at` is not "now" nor an ISO 8601 date-time');
  }
  return { startsAt: d, startsNow: false };
}

function isInlineContact(c: OrderContactInput): c is ContactCreateInput {
  return !('id' in c && typeof c.id === 'string');
}

/** Drafts: create, change, delete, validate and finalize an order, and manage its line items while it is a draft. */
export function orderDraftsService(deps: { db: Db; events: EventsService; contacts: ContactsService }) {
  const { db, events, contacts } = deps;

  /** Body references must name the operator's own resources; otherwise a 422 at the reference's pointer. */
  async function checkRefs(tx: Tx, ctx: OperatorContext, o: Order) {
    const op = ctx.operator.id;
    const bad = (pointer: string, what: string) =>
      invalidContent(pointer, `value at \`${pointer}\` is not ${what} of this operator`);
    if (!(await findSites(tx, op, [o.siteId])).length) throw bad('/site/id', 'a site');
    if (o.contactId && !(await findContacts(tx, op, [o.contactId])).length) throw bad('/contact/id', 'a contact');
    if (o.couponId && !(await findCoupons(tx, op, [o.couponId])).length) throw bad('/coupon/id', 'a coupon');
    if (o.contractTemplateId && !(await findContractTemplates(tx, op, [o.contractTemplateId])).length) {
      throw bad('/contract_template/id', 'a contract template');
    }
  }

  async function addLines(
    tx: Tx,
    ctx: OperatorContext,
    order: Order,
    inputs: OrderLineInput[],
    pointerOf: (i: number) => string,
  ) {
    const now = ctx.now();
    const lines: OrderLineItem[] = [];
    for (const [i, input] of inputs.entries()) {
      await resolveItem(tx, ctx.operator, order.siteId, input.type, input.itemId, pointerOf(i));
      lines.push({
        id: newId('orderLineItem'),
        operatorId: ctx.operator.id,
        orderId: order.id,
        ...input,
        createdAt: now,
        updatedAt: now,
      });
    }
    await repo.insertLineItems(tx, lines);
    return lines;
  }

  async function resolveContact(
    tx: Tx,
    ctx: OperatorContext,
    input: OrderContactInput | null | undefined,
  ): Promise<string | null> {
    if (!input) return null;
    if (!isInlineContact(input)) return input.id;
    if (!input.email)
      throw invalidContent('/contact/email', 'object at `/contact` is missing required properties: email');
    return (await contacts.createIn(tx, ctx, input, '/contact')).id;
  }

  /** A racing duplicate email slips past the check and hits the unique index: same 422 as the check. */
  async function mapDuplicateContact<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (contacts.isDuplicateEmail(err)) {
        throw invalidContent('/contact/email', 'value at `/contact/email` has already been taken by another contact');
      }
      throw err;
    }
  }

  async function mustBeDraftLine(tx: Tx, ctx: OperatorContext, orderId: string, lineId: string) {
    const order = await mustBeDraft(tx, ctx, orderId);
    const [line] = await repo.findLineItems(tx, ctx.operator.id, [lineId]);
    if (!line || line.orderId !== order.id) notFound('line_item', lineId);
    return { order, line };
  }

  return {
    /**
     * Creates a draft (and its inline contact, and its lines), announced as `order.created`;
     * with `finalize` it is finalized in the same transaction.
     */
    create: (ctx: OperatorContext, input: OrderInput): Promise<PricedOrderView> =>
      mapDuplicateContact(() =>
        withTransaction(db, async (tx) => {
          const now = ctx.now();
          const metadata = metadataForCreate(input.metadata);
          const starts = startsAtOf(input.startsAt ?? null);
          const order: Order = {
            id: newId('order'),
            operatorId: ctx.operator.id,
            siteId: input.siteId!,
            contactId: input.contact && !isInlineContact(input.contact) ? input.contact.id : null,
            billingPeriod: input.billingPeriod ?? null,
            paymentMethod: input.paymentMethod ?? 'card',
            ...starts,
            couponId: input.couponId ?? null,
            contractTemplateId: input.contractTemplateId ?? null,
            purchaseOrderNumber: input.purchaseOrderNumber ?? null,
            emails: {
              bookingConfirmation: input.emails?.bookingConfirmation ?? true,
              moveInDay: input.emails?.moveInDay ?? true,
            },
            metadata,
            source: input.source ?? 'public_api',
            status: 'draft',
            checkoutToken: null,
            cancelRedirectUrl: null,
            tenancyId: null,
            subscriptionId: null,
            finalizedAt: null,
            completedAt: null,
            createdAt: now,
            updatedAt: now,
          };
          await checkRefs(tx, ctx, order);
          // Lines are checked before the inline contact is written, so a bad line creates no contact.
          for (const [i, l] of (input.lineItems ?? []).entries()) {
            await resolveItem(tx, ctx.operator, order.siteId, l.type, l.itemId, `/line_items/${i}/item/id`);
          }
          if (input.contact && isInlineContact(input.contact))
            order.contactId = await resolveContact(tx, ctx, input.contact);
          await repo.insertOrder(tx, order);
          await addLines(tx, ctx, order, input.lineItems ?? [], (i) => `/line_items/${i}/item/id`);
          const view = await viewOf(tx, ctx.operator.id, order);
          await events.emit(tx, ctx, 'order.created', view);
          return input.finalize ? finalizeIn(tx, ctx, events, view, input.finalize.cancelRedirectUrl) : view;
        }),
      ),

    /** Changes a draft; line items are managed through their own endpoints. */
    update: (
      ctx: OperatorContext,
      id: string,
      input: Omit<OrderInput, 'lineItems' | 'finalize'>,
    ): Promise<PricedOrderView> =>
      mapDuplicateContact(() =>
        withTransaction(db, async (tx) => {
          const current = await mustBeDraft(tx, ctx, id);
          const metadata = applyMetadataPatch(current.metadata, input.metadata);
          const next: Order = {
            ...current,
            siteId: input.siteId ?? current.siteId,
            billingPeriod: input.billingPeriod === undefined ? current.billingPeriod : input.billingPeriod,
            paymentMethod: input.paymentMethod ?? current.paymentMethod,
            ...(input.startsAt === undefined ? {} : startsAtOf(input.startsAt)),
            couponId: input.couponId === undefined ? current.couponId : input.couponId,
            contractTemplateId:
              input.contractTemplateId === undefined ? current.contractTemplateId : input.contractTemplateId,
            purchaseOrderNumber:
              input.purchaseOrderNumber === undefined ? current.purchaseOrderNumber : input.purchaseOrderNumber,
            emails: {
              bookingConfirmation: input.emails?.bookingConfirmation ?? current.emails.bookingConfirmation,
              moveInDay: input.emails?.moveInDay ?? current.emails.moveInDay,
            },
            metadata,
            updatedAt: ctx.now(),
          };
          if (input.contact === null) next.contactId = null;
          else if (input.contact && !isInlineContact(input.contact)) next.contactId = input.contact.id;
          await checkRefs(tx, ctx, next);
          if (next.siteId !== current.siteId) {
            // Every line must still be at the (new) site.
            for (const l of await repo.lineItemsOf(tx, ctx.operator.id, [current.id])) {
              await resolveItem(tx, ctx.operator, next.siteId, l.type, l.itemId, '/site/id').catch(() => {
                throw invalidContent(
                  '/site/id',
                  `value at \`/site/id\` is not the site of line item ${l.id}; remove it first`,
                );
              });
            }
          }
          if (input.contact && isInlineContact(input.contact))
            next.contactId = await resolveContact(tx, ctx, input.contact);
          if (!(await repo.updateDraftOrder(tx, next))) throw locked(current);
          return viewOf(tx, ctx.operator.id, next);
        }),
      ),

    remove: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        const order = await mustBeDraft(tx, ctx, id);
        if (!(await repo.deleteOrder(tx, ctx.operator.id, order.id))) throw locked(order);
      }),

    /** The order as it stands when it is ready to finalize; a 422 listing every problem otherwise. */
    validate: (ctx: OperatorContext, id: string): Promise<PricedOrderView> =>
      withTransaction(db, async (tx) => {
        const view = await viewOf(tx, ctx.operator.id, await mustFind(tx, ctx, id));
        if (view.order.status !== 'draft') throw locked(view.order);
        const problems = await problemsOf(tx, ctx, view);
        if (problems.length) throw notReady(problems);
        return view;
      }),

    finalize: (ctx: OperatorContext, id: string, cancelRedirectUrl: string): Promise<PricedOrderView> =>
      withTransaction(db, async (tx) =>
        finalizeIn(
          tx,
          ctx,
          events,
          await viewOf(tx, ctx.operator.id, await mustBeDraft(tx, ctx, id)),
          cancelRedirectUrl,
        ),
      ),

    // —— line items ——

    createLine: (ctx: OperatorContext, orderId: string, input: OrderLineInput): Promise<LineItemView> =>
      withTransaction(db, async (tx) => {
        const order = await mustBeDraft(tx, ctx, orderId);
        const [line] = await addLines(tx, ctx, order, [input], () => '/item/id');
        await repo.touchOrder(tx, ctx.operator.id, order.id, ctx.now());
        return lineViewOf(tx, ctx.operator.id, order, line.id);
      }),

    updateLine: (
      ctx: OperatorContext,
      orderId: string,
      lineId: string,
      input: { quantity?: number; unitAmount?: number },
    ): Promise<LineItemView> =>
      withTransaction(db, async (tx) => {
        const { order, line } = await mustBeDraftLine(tx, ctx, orderId, lineId);
        const now = ctx.now();
        const next = {
          ...line,
          quantity: input.quantity ?? line.quantity,
          unitAmount: input.unitAmount ?? line.unitAmount,
          updatedAt: now,
        };
        await repo.updateLineItem(tx, next);
        await repo.touchOrder(tx, ctx.operator.id, order.id, now);
        return lineViewOf(tx, ctx.operator.id, order, line.id);
      }),

    removeLine: (ctx: OperatorContext, orderId: string, lineId: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        const { order } = await mustBeDraftLine(tx, ctx, orderId, lineId);
        await repo.deleteLineItem(tx, ctx.operator.id, order.id, lineId);
        await repo.touchOrder(tx, ctx.operator.id, order.id, ctx.now());
      }),
  };
}
