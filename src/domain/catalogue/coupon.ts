import type { BillingPeriod } from './price.ts';

export const COUPON_TYPES = ['percentage', 'amount'] as const;
export type CouponType = (typeof COUPON_TYPES)[number];
export const COUPON_DURATIONS = ['once', 'repeating', 'forever'] as const;
export type CouponDuration = (typeof COUPON_DURATIONS)[number];

export interface AutoApplyTo {
  products: boolean;
  protections: boolean;
  subscriptions: boolean;
  unit_types: boolean;
}

export interface Coupon {
  id: string;
  operatorId: string;
  name: string;
  title: string | null;
  code: string | null;
  type: CouponType;
  /** Set only for `percentage` coupons. */
  percent: number | null;
  /** Minor units; set only for `amount` coupons. */
  amount: number | null;
  duration: CouponDuration;
  /** Number of months, only for `repeating`. */
  months: number | null;
  billingPeriod: BillingPeriod | null;
  maxRedemptions: number | null;
  public: boolean;
  autoApplyTo: AutoApplyTo;
  createdAt: Date;
  updatedAt: Date;
}
