/**
 * What a completed order leaves behind: the tenancy, the subscription, the invoices and, when the order
 * named a contract template, the contract.
 *
 * Contract for the caller (the order-completion transaction):
 * - Call it INSIDE your transaction with that transaction's `tx`; it opens none of its own, so the records,
 *   their events and your order's `completed` state commit or roll back together. Call it once per order:
 *   a second call for the same order fails on the unique tenancy-per-order index.
 * - Pass the order's priced lines as pricing computed them (integer minor units, per line):
 *   `unitAmount` per unit before discount and tax; `discount`, `tax` and `total` for the whole line, where
 *   `total` = unitAmount × quantity − discount + tax. Nothing is recomputed here.
 * - `name` is the item's display name (the unit type's name for unit_type and security_deposit lines);
 *   a deposit's invoice line reads "Security deposit for <name>".
 * - Ids (contact, site, unit type, items, coupon, template) must already be checked as the operator's own.
 *
 * What it writes, as the booking-flow guide's invoicing table says:
 * - tenancy: contact, site, unit type, order, subscription, `starts_at` = input.startsAt, `ends_at` null,
 *   no unit allocation of its own (`allocate`, below, may add one).
 * - subscription: billing period, payment method, coupon, the recurring lines (unit_type, protection,
 *   recurring product as `custom_product`) at their unit price; current period = [startsAt, startsAt + period).
 * - invoice 1, only when there are one-time lines (one-time products, security deposits): charged
 *   immediately, so `paid` (finalized and paid now), not tied to the subscription.
 * - invoice 2, the recurring lines for the first billing cycle [startsAt, startsAt + period), tied to the
 *   subscription: `open` (finalized, to be collected) when the cycle has begun, `draft` while it starts in
 *   the future.
 * - contract (when `contractTemplateId`): the template's name and text, `pending`, `sent_at` = now.
 * - `allocate` (the caller's unit allocation, which emits `unit.reserved`) runs before the events, so the
 *   tenancy's payload already lists the allocation.
 * - events, in this order: tenancy.created, subscription.created, invoice.created (one per invoice; the paid
 *   one-time invoice also invoice.finalized and invoice.paid; an open first-cycle invoice invoice.finalized),
 *   contract.created — each payload rendered as the resource's show endpoint renders it.
 */
import { newId } from '../../kernel/ids.ts';
import { notFound } from '../../kernel/errors.ts';
import type { Tx } from '../../storage/database.ts';
import * as tenancies from '../../storage/repos/tenancies.repo.ts';
import * as subscriptions from '../../storage/repos/subscriptions.repo.ts';
import * as invoices from '../../storage/repos/invoices.repo.ts';
import * as contracts from '../../storage/repos/contracts.repo.ts';
import { findContractTemplates } from '../../storage/repos/contract-templates.repo.ts';
import { findProducts } from '../../storage/repos/products.repo.ts';
import { findProtectionLevels } from '../../storage/repos/protection-levels.repo.ts';
import type { BillingPeriod } from '../catalogue/price.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { becameCustomer } from '../contacts/contact-standing.ts';
import { periodEnd } from './billing-period.ts';
import { invoiceNumber } from './invoice-number.ts';
import type { Invoice, InvoiceLineItem } from './invoice.ts';
import type { PaymentMethod, Subscription, SubscriptionLineType } from './subscription.ts';

export type BookingLineType = 'unit_type' | 'protection' | 'product' | 'security_deposit';

/** One priced order line. Amounts are integer minor units. */
export interface BookingLine {
  lineItemId: string;
  type: BookingLineType;
  /** utype_ (unit_type, security_deposit), plvl_ (protection) or prod_ (product). */
  itemId: string;
  name: string;
  chargeType: 'recurring' | 'one_time';
  quantity: number;
  /** Per unit, before discount and tax. */
  unitAmount: number;
  /** Whole line. */
  discount: number;
  /** Whole line. */
  tax: number;
  /** Whole line: unitAmount × quantity − discount + tax. */
  total: number;
}

export interface BookingRecordsInput {
  /** The completed order. Null only for history brought in without one (the demo seed). */
  orderId: string | null;
  contactId: string;
  siteId: string;
  unitTypeId: string;
  startsAt: Date;
  billingPeriod: BillingPeriod;
  paymentMethod: PaymentMethod;
  couponId: string | null;
  contractTemplateId: string | null;
  purchaseOrderNumber: string | null;
  lines: BookingLine[];
}

export interface BookingRecords {
  tenancyId: string;
  subscriptionId: string;
  /** In creation order: the one-time invoice (if any), then the first cycle's. */
  invoiceIds: string[];
  oneTimeInvoiceId: string | null;
  recurringInvoiceId: string | null;
  contractId: string | null;
}

const SUBSCRIPTION_TYPE: Record<Exclude<BookingLineType, 'security_deposit'>, SubscriptionLineType> = {
  unit_type: 'unit_type',
  protection: 'protection',
  product: 'custom_product',
};

/** Deposits are one-off whatever the line says; everything else follows its charge type. */
export function isRecurring(line: BookingLine): boolean {
  return line.type !== 'security_deposit' && line.chargeType === 'recurring';
}

export async function createBookingRecords(
  tx: Tx,
  ctx: OperatorContext,
  events: Pick<EventsService, 'emit'>,
  input: BookingRecordsInput,
  /** Runs after the records are written and before their events (a unit allocated for the tenancy shows in them). */
  allocate?: (tenancyId: string) => Promise<unknown>,
): Promise<BookingRecords> {
  const operatorId = ctx.operator.id;
  const now = ctx.now();
  const tenancyId = newId('tenancy');
  const subscriptionId = newId('subscription');
  const recurring = input.lines.filter(isRecurring);
  const oneTime = input.lines.filter((l) => !isRecurring(l));
  const codes = await accountingCodes(tx, operatorId, input.lines);

  await tenancies.insertTenancy(tx, {
    id: tenancyId,
    operatorId,
    contactId: input.contactId,
    siteId: input.siteId,
    unitTypeId: input.unitTypeId,
    orderId: input.orderId,
    subscriptionId,
    startsAt: input.startsAt,
    endsAt: null,
    createdAt: now,
    updatedAt: now,
  });

  const firstPeriodEnd = periodEnd(input.startsAt, input.billingPeriod);
  const subscription: Subscription = {
    id: subscriptionId,
    operatorId,
    contactId: input.contactId,
    siteId: input.siteId,
    tenancyId,
    orderId: input.orderId,
    billingPeriod: input.billingPeriod,
    paymentMethod: input.paymentMethod,
    couponId: input.couponId,
    cancelled: false,
    cancellationReason: null,
    startsAt: input.startsAt,
    endsAt: null,
    currentPeriodStartsAt: input.startsAt,
    currentPeriodEndsAt: firstPeriodEnd,
    stripeSubscriptionId: null,
    stripeSubscriptionScheduleId: null,
    lineItems: recurring.map((l) => ({
      type: SUBSCRIPTION_TYPE[l.type as Exclude<BookingLineType, 'security_deposit'>],
      itemId: l.itemId,
      price: l.unitAmount,
      quantity: l.quantity,
      createdAt: now,
      updatedAt: now,
    })),
    createdAt: now,
    updatedAt: now,
  };
  await subscriptions.insertSubscription(tx, subscription);

  const invoiceBase = {
    operatorId,
    contactId: input.contactId,
    siteId: input.siteId,
    tenancyId,
    orderId: input.orderId,
    purchaseOrderNumber: input.purchaseOrderNumber,
    prePaymentCreditNotesAmount: 0,
    postPaymentCreditNotesAmount: 0,
    voidedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  const invoiceIds: string[] = [];
  let oneTimeInvoiceId: string | null = null;
  if (oneTime.length) {
    const lines = oneTime.map((l) => invoiceLine(l, codes));
    const total = sum(lines, 'total');
    const invoice: Invoice = {
      ...invoiceBase,
      ...totals(lines),
      id: newId('invoice'),
      number: invoiceNumber(ctx.operator.slug, await invoices.nextInvoiceSequence(tx, operatorId)),
      subscriptionId: null,
      status: 'paid',
      periodStart: now,
      periodEnd: now,
      amountDue: total,
      amountPaid: total,
      lineItems: lines,
      finalizedAt: now,
      paidAt: now,
    };
    await invoices.insertInvoice(tx, invoice);
    oneTimeInvoiceId = invoice.id;
    invoiceIds.push(invoice.id);
  }
  let recurringInvoiceId: string | null = null;
  if (recurring.length) {
    const lines = recurring.map((l) => invoiceLine(l, codes));
    const begun = input.startsAt.getTime() <= now.getTime();
    const invoice: Invoice = {
      ...invoiceBase,
      ...totals(lines),
      id: newId('invoice'),
      number: invoiceNumber(ctx.operator.slug, await invoices.nextInvoiceSequence(tx, operatorId)),
      subscriptionId,
      status: begun ? 'open' : 'draft',
      periodStart: input.startsAt,
      periodEnd: firstPeriodEnd,
      amountDue: sum(lines, 'total'),
      amountPaid: 0,
      lineItems: lines,
      finalizedAt: begun ? now : null,
      paidAt: null,
    };
    await invoices.insertInvoice(tx, invoice);
    recurringInvoiceId = invoice.id;
    invoiceIds.push(invoice.id);
  }

  let contractId: string | null = null;
  if (input.contractTemplateId) {
    const [template] = await findContractTemplates(tx, operatorId, [input.contractTemplateId]);
    if (!template) notFound('contract_template', input.contractTemplateId);
    contractId = newId('contract');
    await contracts.insertContract(tx, {
      id: contractId,
      operatorId,
      contactId: input.contactId,
      contractTemplateId: template.id,
      tenancyId,
      siteId: input.siteId,
      name: template.name,
      body: template.body,
      status: 'pending',
      sentAt: now,
      signedAt: null,
      signedBy: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  if (allocate) await allocate(tenancyId);
  // Payloads come from what was stored, read back in this transaction, so they equal the show endpoints.
  const [tenancy] = await tenancies.findTenancies(tx, operatorId, [tenancyId]);
  await events.emit(tx, ctx, 'tenancy.created', tenancy);
  const [storedSubscription] = await subscriptions.findSubscriptions(tx, operatorId, [subscriptionId]);
  await events.emit(tx, ctx, 'subscription.created', storedSubscription);
  const stored = await invoices.findInvoices(tx, operatorId, invoiceIds);
  for (const id of invoiceIds) {
    const invoice = stored.find((i) => i.id === id)!;
    await events.emit(tx, ctx, 'invoice.created', invoice);
    // The one-time invoice (deposit, products) is charged with the checkout payment: finalized and paid at once.
    if (id === oneTimeInvoiceId) {
      await events.emit(tx, ctx, 'invoice.finalized', invoice);
      await events.emit(tx, ctx, 'invoice.paid', invoice);
    } else if (invoice.status === 'open') await events.emit(tx, ctx, 'invoice.finalized', invoice);
  }
  if (contractId) {
    const [contract] = await contracts.findContracts(tx, operatorId, [contractId]);
    await events.emit(tx, ctx, 'contract.created', contract);
  }
  await becameCustomer(tx, ctx, events, input.contactId);
  return { tenancyId, subscriptionId, invoiceIds, oneTimeInvoiceId, recurringInvoiceId, contractId };
}

function invoiceLine(l: BookingLine, codes: Map<string, string | null>): InvoiceLineItem {
  return {
    type: l.type,
    itemId: l.itemId,
    description: l.type === 'security_deposit' ? `Security deposit for ${l.name}` : l.name,
    accountingCode: codes.get(l.itemId) ?? null,
    quantity: l.quantity,
    price: l.unitAmount,
    discountTotal: l.discount,
    tax: l.tax,
    total: l.total,
    totalExcludingTax: l.total - l.tax,
    proration: false,
  };
}

function sum(lines: InvoiceLineItem[], key: 'total' | 'tax' | 'discountTotal'): number {
  return lines.reduce((n, l) => n + l[key], 0);
}

/** Subtotal is before discounts and tax (Stripe's meaning); total = subtotal − discounts + tax. */
function totals(lines: InvoiceLineItem[]) {
  return {
    subtotal: lines.reduce((n, l) => n + l.price * l.quantity, 0),
    tax: sum(lines, 'tax'),
    total: sum(lines, 'total'),
  };
}

/** Products and protection levels carry the operator's nominal codes; invoice lines show them. */
async function accountingCodes(tx: Tx, operatorId: string, lines: BookingLine[]): Promise<Map<string, string | null>> {
  const products = await findProducts(
    tx,
    operatorId,
    lines.filter((l) => l.type === 'product').map((l) => l.itemId),
  );
  const levels = await findProtectionLevels(
    tx,
    operatorId,
    lines.filter((l) => l.type === 'protection').map((l) => l.itemId),
  );
  return new Map<string, string | null>([
    ...products.map((p) => [p.id, p.accountingCode] as [string, string | null]),
    ...levels.map((p) => [p.id, p.accountCode] as [string, string | null]),
  ]);
}
