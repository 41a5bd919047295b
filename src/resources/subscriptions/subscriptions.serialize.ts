import type { Subscription } from '../../domain/billing/subscription.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import { money } from '../../kernel/money.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

export function serializeSubscription(env: RenderEnv, s: Subscription) {
  const currency = env.operator.currency;
  return {
    id: s.id,
    billing_period: s.billingPeriod,
    cancellation_reason: s.cancellationReason,
    cancelled: s.cancelled,
    contact: { id: s.contactId },
    created_at: isoSeconds(s.createdAt),
    current_period: { ends_at: isoSeconds(s.currentPeriodEndsAt), starts_at: isoSeconds(s.currentPeriodStartsAt) },
    ends_at: isoSeconds(s.endsAt),
    line_items: s.lineItems.map((l) => ({
      created_at: isoSeconds(l.createdAt),
      item: { id: l.itemId },
      price: money(l.price, currency),
      quantity: l.quantity,
      type: l.type,
      updated_at: isoSeconds(l.updatedAt),
    })),
    order: ref(s.orderId),
    site: { id: s.siteId },
    starts_at: isoSeconds(s.startsAt),
    stripe_subscription_id: s.stripeSubscriptionId,
    stripe_subscription_schedule_id: s.stripeSubscriptionScheduleId,
    tenancy: { id: s.tenancyId },
    updated_at: isoSeconds(s.updatedAt),
  };
}
