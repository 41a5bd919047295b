import type { BillingPeriod } from '../catalogue/price.ts';
import type { Metadata } from '../metadata/metadata.ts';
import type { LineItemType, PricedLine, PricedOrder } from '../pricing/order-pricing.ts';

export const ORDER_STATUSES = ['draft', 'finalized', 'completed', 'abandoned'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
import type { PaymentMethod } from '../billing/payment-method.ts';
export { PAYMENT_METHODS } from '../billing/payment-method.ts';
export type { PaymentMethod };
export { LINE_ITEM_TYPES, type LineItemType } from '../pricing/order-pricing.ts';

export interface OrderLineItem {
  id: string;
  operatorId: string;
  orderId: string;
  type: LineItemType;
  itemId: string;
  quantity: number;
  unitAmount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface Order {
  id: string;
  operatorId: string;
  siteId: string;
  contactId: string | null;
  billingPeriod: BillingPeriod | null;
  paymentMethod: PaymentMethod;
  startsAt: Date | null;
  /** The client asked for "now": the tenancy starts when the order completes. */
  startsNow: boolean;
  couponId: string | null;
  contractTemplateId: string | null;
  purchaseOrderNumber: string | null;
  emails: { bookingConfirmation: boolean; moveInDay: boolean };
  metadata: Metadata;
  source: string;
  status: OrderStatus;
  checkoutToken: string | null;
  cancelRedirectUrl: string | null;
  tenancyId: string | null;
  subscriptionId: string | null;
  finalizedAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An order with its lines and the figures pricing worked out for them: what serializers render. */
export interface PricedOrderView {
  order: Order;
  lines: OrderLineItem[];
  pricing: PricedOrder;
  /** Line id → its priced figures. */
  pricedLines: Map<string, PricedLine>;
}

export interface LineItemView {
  line: OrderLineItem;
  priced: PricedLine;
}

export interface OrderFilter {
  statuses?: OrderStatus[];
  siteIds?: string[];
  contactIds?: string[];
}
