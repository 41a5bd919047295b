import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  MoneySchema,
  Nullable,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';
import { SUBSCRIPTION_LINE_TYPES } from '../../domain/billing/subscription.ts';

/** Subscription line items have no id of their own. */
const SubscriptionLineItemSchema = Type.Object({
  created_at: Timestamp,
  item: Ref('utype'),
  price: MoneySchema,
  quantity: Type.Integer(),
  type: StringEnum(SUBSCRIPTION_LINE_TYPES),
  updated_at: Timestamp,
});

export const SubscriptionSchema = Type.Object({
  id: Type.String({ examples: ['sub_125c561ac05edfa1'] }),
  billing_period: StringEnum(BILLING_PERIODS),
  cancellation_reason: Nullable(Type.String()),
  cancelled: Type.Boolean(),
  contact: Ref('con'),
  created_at: Timestamp,
  current_period: Type.Object({ ends_at: Nullable(Timestamp), starts_at: Timestamp }),
  ends_at: Nullable(Timestamp),
  line_items: Type.Array(SubscriptionLineItemSchema),
  order: Nullable(Ref('order')),
  site: Ref('site'),
  starts_at: Timestamp,
  stripe_subscription_id: Nullable(Type.String()),
  stripe_subscription_schedule_id: Nullable(Type.String()),
  tenancy: Ref('ten'),
  updated_at: Timestamp,
});

export const SubscriptionParams = Type.Object({
  subscription_id: Type.String({ description: 'The ID of the subscription' }),
});
export const SubscriptionsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    contact_id: Type.String({ description: 'Filter by Contact IDs. Supports multiple values separated by a comma.' }),
  },
});
export const SubscriptionEnvelope = oneEnvelope('subscription', SubscriptionSchema);
export const SubscriptionsEnvelope = listEnvelope('subscriptions', SubscriptionSchema);
