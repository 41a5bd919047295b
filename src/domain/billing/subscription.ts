import type { BillingPeriod } from '../catalogue/price.ts';

import type { PaymentMethod } from './payment-method.ts';
export { PAYMENT_METHODS } from './payment-method.ts';
export type { PaymentMethod };

/** Subscription line types on the wire: a recurring product is a `custom_product` here, not a `product`. */
export const SUBSCRIPTION_LINE_TYPES = ['unit_type', 'protection', 'custom_product'] as const;
export type SubscriptionLineType = (typeof SUBSCRIPTION_LINE_TYPES)[number];

export interface SubscriptionLineItem {
  type: SubscriptionLineType;
  itemId: string;
  /** Per unit, minor units, before discount and tax. */
  price: number;
  quantity: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The billing side of a rental. It has no status: state is `cancelled`, the dates and the current period. */
export interface Subscription {
  id: string;
  operatorId: string;
  contactId: string;
  siteId: string;
  tenancyId: string;
  orderId: string | null;
  billingPeriod: BillingPeriod;
  paymentMethod: PaymentMethod;
  couponId: string | null;
  cancelled: boolean;
  cancellationReason: string | null;
  startsAt: Date;
  endsAt: Date | null;
  currentPeriodStartsAt: Date;
  currentPeriodEndsAt: Date | null;
  stripeSubscriptionId: string | null;
  stripeSubscriptionScheduleId: string | null;
  lineItems: SubscriptionLineItem[];
  /** Set by the move-out step (lifecycle); not on the wire. */
  endedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
