import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  MoneySchema,
  Nullable,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';
import { COUPON_DURATIONS } from '../../domain/catalogue/coupon.ts';

const common = {
  id: Type.String({ examples: ['cpn_a26d0d4c582740c1'] }),
  auto_apply_to: Type.Object({
    products: Type.Boolean(),
    protections: Type.Boolean(),
    subscriptions: Type.Boolean(),
    unit_types: Type.Boolean(),
  }),
  billing_period: Nullable(StringEnum(BILLING_PERIODS)),
  code: Nullable(Type.String()),
  created_at: Timestamp,
  duration: StringEnum(COUPON_DURATIONS),
  max_redemptions: Nullable(Type.Integer()),
  months: Nullable(Type.Integer()),
  name: Type.String(),
  public: Type.Boolean(),
  title: Nullable(Type.String()),
  updated_at: Timestamp,
};

/** The reference's oneOf: a percentage coupon carries `percent`, an amount coupon `amount`, never both. */
export const PercentageCouponSchema = Type.Object(
  { ...common, percent: Type.Integer({ minimum: 1, maximum: 100 }), type: Type.Literal('percentage') },
  { title: 'Coupon with percentage discount', additionalProperties: false },
);
export const AmountCouponSchema = Type.Object(
  { ...common, amount: MoneySchema, type: Type.Literal('amount') },
  { title: 'Coupon with fixed amount discount', additionalProperties: false },
);
export const CouponSchema = Type.Union([PercentageCouponSchema, AmountCouponSchema]);

export const CouponParams = Type.Object({ coupon_id: Type.String() });
export const CouponsQuery = listQuery({ sort: ['created_at'] });
export const CouponEnvelope = oneEnvelope('coupon', CouponSchema);
export const CouponsEnvelope = listEnvelope('coupons', CouponSchema);
