import { conflict, DomainError, invalidContent, notFound, type ErrorDetail } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/orders.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findCoupons } from '../../storage/repos/coupons.repo.ts';
import { findContractTemplates } from '../../storage/repos/contract-templates.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import type { Operator, OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { ContactCreateInput, ContactsService } from '../contacts/contacts.service.ts';
import type { BillingPeriod } from '../catalogue/price.ts';
import { applyMetadataPatch, metadataForCreate } from '../metadata/metadata.ts';
import type { BookingRecordsInput, BookingRecords } from '../billing/create-booking-records.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { LineItemType, LineItemView, Order, OrderFilter, OrderLineItem, PaymentMethod, PricedOrderView } from './order.ts';
import { lineViewsOf, viewOf, viewsOf } from './order-views.ts';
import { readinessProblems } from './order-readiness.ts';
import { resolveItem } from './order-items.ts';

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
}

/** What completing an order needs from billing (src/domain/billing/create-booking-records.ts). */
export interface BookingRecordsPort {
  createBookingRecords(tx: Tx, ctx: OperatorContext, input: BookingRecordsInput): Promise<BookingRecords>;
}

export interface CheckoutView {
  ctx: OperatorContext;
  view: PricedOrderView;
  /** Line id → what the customer reads. */
  names: Map<string, string>;
  siteName: string;
  contactEmail: string | null;
  contactName: string | null;
}

/** The guide writes `ord_…` in URLs where the API's own ids are `order_…`: both name the same order. */
export function canonicalOrderId(id: string): string {
  return id.startsWith('ord_') ? `order_${id.slice(4)}` : id;
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

function locked(order: Order): DomainError {
  return conflict(`The order '${order.id}' is ${order.status} and can no longer be changed. Create a new order instead.`);
}

function isInlineContact(c: OrderContactInput): c is ContactCreateInput {
  return !('id' in c && typeof c.id === 'string');
}

export function ordersService(deps: {
  db: Db;
  clock: Clock;
  events: EventsService;
  contacts: ContactsService;
  billing: BookingRecordsPort;
}) {
  const { db, events, contacts, billing } = deps;

  async function mustFind(tx: Tx, ctx: OperatorContext, id: string, forUpdate = false): Promise<Order> {
    const canonical = canonicalOrderId(id);
    const order = forUpdate ? await repo.lockOrder(tx, ctx.operator.id, canonical) : (await repo.findOrders(tx, ctx.operator.id, [canonical]))[0];
    return order ?? notFound('order', id);
  }

  async function mustBeDraft(tx: Tx, ctx: OperatorContext, id: string): Promise<Order> {
    const order = await mustFind(tx, ctx, id, true);
    if (order.status !== 'draft') throw locked(order);
    return order;
  }

  /** Body references must name the operator's own resources; otherwise a 422 at the reference's pointer. */
  async function checkRefs(tx: Tx, ctx: OperatorContext, o: Order) {
    const op = ctx.operator.id;
    const bad = (pointer: string, what: string) => invalidContent(pointer, `value at \`${pointer}\` is not ${what} of this operator`);
    if (!(await findSites(tx, op, [o.siteId])).length) throw bad('/site/id', 'a site');
    if (o.contactId && !(await findContacts(tx, op, [o.contactId])).length) throw bad('/contact/id', 'a contact');
    if (o.couponId && !(await findCoupons(tx, op, [o.couponId])).length) throw bad('/coupon/id', 'a coupon');
    if (o.contractTemplateId && !(await findContractTemplates(tx, op, [o.contractTemplateId])).length) {
      throw bad('/contract_template/id', 'a contract template');
    }
  }

  async function problemsOf(tx: Tx, ctx: OperatorContext, view: PricedOrderView): Promise<ErrorDetail[]> {
    const unitTypeIds = [...new Set(view.lines.filter((l) => l.type === 'unit_type').map((l) => l.itemId))];
    const [unitTypes, coupons] = await Promise.all([
      findUnitTypes(tx, ctx.operator.id, unitTypeIds),
      view.order.couponId ? findCoupons(tx, ctx.operator.id, [view.order.couponId]) : Promise.resolve([]),
    ]);
    return readinessProblems(view.order, view.lines, unitTypes, coupons[0] ?? null);
  }

  function notReady(problems: ErrorDetail[]): DomainError {
    return new DomainError('invalid_content', 'The order is not ready to be finalized.', problems);
  }

  /** draft → finalized with a checkout link, announced as `order.finalized`. */
  async function finalizeIn(tx: Tx, ctx: OperatorContext, order: Order, cancelRedirectUrl: string): Promise<PricedOrderView> {
    const problems = await problemsOf(tx, ctx, await viewOf(tx, ctx.operator.id, order));
    if (problems.length) throw notReady(problems);
    const ok = await repo.markFinalized(tx, ctx.operator.id, order.id, { checkoutToken: randomToken(24), cancelRedirectUrl, at: ctx.now() });
    if (!ok) throw locked(order);
    const [finalized] = await repo.findOrders(tx, ctx.operator.id, [order.id]);
    const view = await viewOf(tx, ctx.operator.id, finalized);
    await events.emit(tx, ctx, 'order.finalized', view);
    return view;
  }

  async function addLines(tx: Tx, ctx: OperatorContext, order: Order, inputs: OrderLineInput[], pointerOf: (i: number) => string) {
    const now = ctx.now();
    const lines: OrderLineItem[] = [];
    for (const [i, input] of inputs.entries()) {
      await resolveItem(tx, ctx.operator, order.siteId, input.type, input.itemId, pointerOf(i));
      lines.push({ id: newId('orderLineItem'), operatorId: ctx.operator.id, orderId: order.id, ...input, createdAt: now, updatedAt: now });
    }
    await repo.insertLineItems(tx, lines);
    return lines;
  }

  async function resolveContact(tx: Tx, ctx: OperatorContext, input: OrderContactInput | null | undefined): Promise<string | null> {
    if (!input) return null;
    if (!isInlineContact(input)) return input.id;
    if (!input.email) throw invalidContent('/contact/email', 'object at `/contact` is missing required properties: email');
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

  return {
    list: (ctx: OperatorContext, page: Page, filter: OrderFilter, range: TimeRange): Promise<PageOf<PricedOrderView>> =>
      withTransaction(db, async (tx) => {
        const res = await repo.listOrders(tx, ctx.operator.id, page, filter, range);
        return { items: await viewsOf(tx, ctx.operator.id, res.items), total: res.total };
      }),

    findMany: (ctx: OperatorContext, ids: string[]): Promise<PricedOrderView[]> =>
      withTransaction(db, async (tx) => viewsOf(tx, ctx.operator.id, await repo.findOrders(tx, ctx.operator.id, ids.map(canonicalOrderId)))),

    get: (ctx: OperatorContext, id: string): Promise<PricedOrderView> =>
      withTransaction(db, async (tx) => viewOf(tx, ctx.operator.id, await mustFind(tx, ctx, id))),

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
            emails: { bookingConfirmation: input.emails?.bookingConfirmation ?? true, moveInDay: input.emails?.moveInDay ?? true },
            metadata,
            source: 'public_api',
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
          if (input.contact && isInlineContact(input.contact)) order.contactId = await resolveContact(tx, ctx, input.contact);
          await repo.insertOrder(tx, order);
          await addLines(tx, ctx, order, input.lineItems ?? [], (i) => `/line_items/${i}/item/id`);
          const view = await viewOf(tx, ctx.operator.id, order);
          await events.emit(tx, ctx, 'order.created', view);
          return input.finalize ? finalizeIn(tx, ctx, order, input.finalize.cancelRedirectUrl) : view;
        }),
      ),

    /** Changes a draft; line items are managed through their own endpoints. */
    update: (ctx: OperatorContext, id: string, input: Omit<OrderInput, 'lineItems' | 'finalize'>): Promise<PricedOrderView> =>
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
            contractTemplateId: input.contractTemplateId === undefined ? current.contractTemplateId : input.contractTemplateId,
            purchaseOrderNumber: input.purchaseOrderNumber === undefined ? current.purchaseOrderNumber : input.purchaseOrderNumber,
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
                throw invalidContent('/site/id', `value at \`/site/id\` is not the site of line item ${l.id}; remove it first`);
              });
            }
          }
          if (input.contact && isInlineContact(input.contact)) next.contactId = await resolveContact(tx, ctx, input.contact);
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
      withTransaction(db, async (tx) => finalizeIn(tx, ctx, await mustBeDraft(tx, ctx, id), cancelRedirectUrl)),

    // —— line items ——

    listLines: (ctx: OperatorContext, orderId: string, page: Page): Promise<PageOf<LineItemView>> =>
      withTransaction(db, async (tx) => {
        const view = await viewOf(tx, ctx.operator.id, await mustFind(tx, ctx, orderId));
        const all = view.lines.map((line) => ({ line, priced: view.pricedLines.get(line.id)! }));
        const start = (page.page - 1) * page.limit;
        return { items: all.slice(start, start + page.limit), total: all.length };
      }),

    findLines: (ctx: OperatorContext, ids: string[]): Promise<LineItemView[]> =>
      withTransaction(db, async (tx) => lineViewsOf(tx, ctx.operator.id, await repo.findLineItems(tx, ctx.operator.id, ids))),

    async getLine(ctx: OperatorContext, orderId: string, lineId: string): Promise<LineItemView> {
      return withTransaction(db, async (tx) => {
        const order = await mustFind(tx, ctx, orderId);
        const [line] = await repo.findLineItems(tx, ctx.operator.id, [lineId]);
        if (!line || line.orderId !== order.id) notFound('line_item', lineId);
        return (await lineViewsOf(tx, ctx.operator.id, [line]))[0];
      });
    },

    createLine: (ctx: OperatorContext, orderId: string, input: OrderLineInput): Promise<LineItemView> =>
      withTransaction(db, async (tx) => {
        const order = await mustBeDraft(tx, ctx, orderId);
        const [line] = await addLines(tx, ctx, order, [input], () => '/item/id');
        await repo.touchOrder(tx, ctx.operator.id, order.id, ctx.now());
        return (await lineViewsOf(tx, ctx.operator.id, [line]))[0];
      }),

    updateLine: (ctx: OperatorContext, orderId: string, lineId: string, input: { quantity?: number; unitAmount?: number }): Promise<LineItemView> =>
      withTransaction(db, async (tx) => {
        const order = await mustBeDraft(tx, ctx, orderId);
        const [line] = await repo.findLineItems(tx, ctx.operator.id, [lineId]);
        if (!line || line.orderId !== order.id) notFound('line_item', lineId);
        const now = ctx.now();
        const next = { ...line, quantity: input.quantity ?? line.quantity, unitAmount: input.unitAmount ?? line.unitAmount, updatedAt: now };
        await repo.updateLineItem(tx, next);
        await repo.touchOrder(tx, ctx.operator.id, order.id, now);
        return (await lineViewsOf(tx, ctx.operator.id, [next]))[0];
      }),

    removeLine: (ctx: OperatorContext, orderId: string, lineId: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        const order = await mustBeDraft(tx, ctx, orderId);
        const [line] = await repo.findLineItems(tx, ctx.operator.id, [lineId]);
        if (!line || line.orderId !== order.id) notFound('line_item', lineId);
        await repo.deleteLineItem(tx, ctx.operator.id, order.id, lineId);
        await repo.touchOrder(tx, ctx.operator.id, order.id, ctx.now());
      }),

    // —— completion ——

    /**
     * finalized → completed, exactly once however many attempts race (the conditional update in
     * markCompleted); the booking records and every event commit with it. A repeat on a completed order
     * returns it with `completedNow: false`.
     */
    complete: (ctx: OperatorContext, id: string): Promise<{ view: PricedOrderView; completedNow: boolean }> =>
      withTransaction(db, async (tx) => {
        const now = ctx.now();
        const canonical = canonicalOrderId(id);
        const order = await repo.markCompleted(tx, ctx.operator.id, canonical, now);
        if (!order) {
          const current = await mustFind(tx, ctx, id);
          if (current.status === 'completed') return { view: await viewOf(tx, ctx.operator.id, current), completedNow: false };
          throw conflict(`The order '${current.id}' is ${current.status}; only a finalized order can be completed.`);
        }
        const view = await viewOf(tx, ctx.operator.id, order);
        const startsAt = order.startsNow || !order.startsAt ? now : order.startsAt;
        const unitLine = view.lines.find((l) => l.type === 'unit_type')!;
        const lines: BookingRecordsInput['lines'] = [];
        for (const l of view.lines) {
          const p = view.pricedLines.get(l.id)!;
          const item = await resolveItem(tx, ctx.operator, order.siteId, l.type, l.itemId, '/item/id');
          lines.push({
            lineItemId: l.id,
            type: l.type,
            itemId: l.itemId,
            name: item.name,
            chargeType: p.chargeType,
            quantity: l.quantity,
            unitAmount: l.unitAmount,
            discount: p.discountTotal,
            tax: p.tax,
            total: p.totalExcludingTax - p.discountTotal + p.tax,
          });
        }
        const records = await billing.createBookingRecords(tx, ctx, {
          orderId: order.id,
          contactId: order.contactId!,
          siteId: order.siteId,
          unitTypeId: unitLine.itemId,
          startsAt,
          billingPeriod: order.billingPeriod!,
          paymentMethod: order.paymentMethod,
          couponId: order.couponId,
          contractTemplateId: order.contractTemplateId,
          purchaseOrderNumber: order.purchaseOrderNumber,
          lines,
        });
        await repo.setOrderRecords(tx, ctx.operator.id, order.id, { tenancyId: records.tenancyId, subscriptionId: records.subscriptionId, startsAt });
        const [completed] = await repo.findOrders(tx, ctx.operator.id, [order.id]);
        const done = await viewOf(tx, ctx.operator.id, completed);
        await events.emit(tx, ctx, 'order.completed', done);
        return { view: done, completedNow: true };
      }),

    /**
     * The hosted checkout finds its order by the token in the payment URL, with no API token; it also gets
     * what the page shows: the site, the contact's email and each line's display name.
     */
    async byCheckoutToken(token: string): Promise<CheckoutView | null> {
      return withTransaction(db, async (tx) => {
        const order = await repo.findOrderByCheckoutToken(tx, token);
        if (!order) return null;
        const operator: Operator | undefined = await findOperator(tx, order.operatorId);
        if (!operator) return null;
        const ctx: OperatorContext = {
          operator,
          principal: { kind: 'access_token', tokenId: null, applicationId: null, staffId: null, scopes: new Set() },
          now: () => deps.clock.now(operator.id),
        };
        const view = await viewOf(tx, operator.id, order);
        const names = new Map<string, string>();
        for (const l of view.lines) {
          const item = await resolveItem(tx, operator, order.siteId, l.type, l.itemId, '/item/id').catch(() => ({ name: l.itemId }));
          names.set(l.id, l.type === 'security_deposit' ? `Security deposit for ${item.name}` : item.name);
        }
        const [site] = await findSites(tx, operator.id, [order.siteId]);
        const [contact] = order.contactId ? await findContacts(tx, operator.id, [order.contactId]) : [];
        return { ctx, view, names, siteName: site?.name ?? '', contactEmail: contact?.email ?? null, contactName: contact?.fullName ?? null };
      });
    },
  };
}

export type OrdersService = ReturnType<typeof ordersService>;
