import type { Coupon } from '../../domain/catalogue/coupon.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';

/** Polymorphic on `type`: the discount key of the other variant is absent, not null. */
export function serializeCoupon(env: RenderEnv, c: Coupon) {
  return {
    id: c.id,
    ...(c.type === 'amount' ? { amount: money(c.amount ?? 0, env.operator.currency) } : {}),
    auto_apply_to: {
      products: c.autoApplyTo.products,
      protections: c.autoApplyTo.protections,
      subscriptions: c.autoApplyTo.subscriptions,
      unit_types: c.autoApplyTo.unit_types,
    },
    billing_period: c.billingPeriod,
    code: c.code,
    created_at: isoSeconds(c.createdAt),
    duration: c.duration,
    max_redemptions: c.maxRedemptions,
    months: c.months,
    name: c.name,
    ...(c.type === 'percentage' ? { percent: c.percent ?? 0 } : {}),
    public: c.public,
    title: c.title,
    type: c.type,
    updated_at: isoSeconds(c.updatedAt),
  };
}
