import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  IdInput,
  MetadataInput,
  MetadataSchema,
  MoneySchema,
  Nullable,
  NullableInput,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { ORDER_STATUSES, PAYMENT_METHODS } from '../../domain/orders/order.ts';
import { CreateContactBody } from '../contacts/contacts.schemas.ts';
import { LineItemInput } from '../order-line-items/order-line-items.schemas.ts';

export const OrderSchema = Type.Object({
  id: Type.String({ examples: ['order_942ae99a1fdc940e'] }),
  billing_period: Nullable(StringEnum(BILLING_PERIODS)),
  contact: Nullable(Ref('con')),
  contract_template: Nullable(Ref('ctpl')),
  coupon: Nullable(Ref('cpn')),
  created_at: Timestamp,
  email_notifications: Type.Object({ booking_confirmation: Type.Boolean(), move_in_day: Type.Boolean() }),
  line_items: Type.Array(Ref('olitm')),
  metadata: MetadataSchema,
  one_time_total: MoneySchema,
  one_time_total_excluding_tax: MoneySchema,
  payment_method: StringEnum(PAYMENT_METHODS),
  payment_url: Nullable(Type.String()),
  purchase_order_number: Nullable(Type.String()),
  site: Ref('site'),
  source: Type.String({ examples: ['public_api'] }),
  starts_at: Nullable(
    Type.String({ description: 'ISO 8601 date-time, or "now" until an order asked to start now completes' }),
  ),
  status: StringEnum(ORDER_STATUSES),
  subscription: Nullable(Ref('sub')),
  subtotal: MoneySchema,
  tax: MoneySchema,
  tenancy: Nullable(Ref('ten')),
  total: MoneySchema,
  total_discount: MoneySchema,
  total_excluding_tax: MoneySchema,
  updated_at: Timestamp,
});

/** `{ "id": "con_…" }` for an existing contact, or the contact's own fields to create one (email required then). */
const ContactInput = Type.Object(
  {
    ...CreateContactBody.properties,
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, examples: ['con_0ac0514ed0711462'] })),
    email: Type.Optional(CreateContactBody.properties.email),
  },
  { additionalProperties: false },
);

const EmailsInput = Type.Object(
  { booking_confirmation: Type.Optional(Type.Boolean()), move_in_day: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const FinalizeInput = Type.Object(
  {
    cancel_redirect_url: Type.String({
      format: 'uri',
      pattern: '^https?://',
      maxLength: 2048,
      description: 'Where the customer lands if they abandon checkout',
      examples: ['https://your-app.com/booking/cancelled'],
    }),
  },
  { additionalProperties: false },
);

const writable = {
  contact: Type.Optional(ContactInput),
  billing_period: Type.Optional(NullableInput(StringEnum(BILLING_PERIODS))),
  payment_method: Type.Optional(StringEnum(PAYMENT_METHODS)),
  starts_at: Type.Optional(
    NullableInput(
      Type.String({ maxLength: 64, description: 'ISO 8601 date-time or "now"', examples: ['2026-04-15T00:00:00Z'] }),
    ),
  ),
  purchase_order_number: Type.Optional(NullableInput(Type.String({ maxLength: 255 }))),
  emails: Type.Optional(EmailsInput),
  coupon: Type.Optional(NullableInput(IdInput('cpn'))),
  contract_template: Type.Optional(NullableInput(IdInput('ctpl'))),
  metadata: Type.Optional(MetadataInput),
};

export const CreateOrderBody = Type.Object(
  {
    site: IdInput('site'),
    ...writable,
    line_items: Type.Optional(Type.Array(LineItemInput, { maxItems: 100 })),
    finalize: Type.Optional(FinalizeInput),
  },
  { additionalProperties: false },
);

export const UpdateOrderBody = Type.Object(
  { site: Type.Optional(IdInput('site')), ...writable, contact: Type.Optional(NullableInput(ContactInput)) },
  { additionalProperties: false },
);

/** The finalize body is wrapped: `{ "finalize": { "cancel_redirect_url": … } }`. */
export const FinalizeOrderBody = Type.Object({ finalize: FinalizeInput }, { additionalProperties: false });

export const OrderParams = Type.Object({ order_id: Type.String() });
export const OrdersQuery = listQuery({
  sort: ['created_at', 'updated_at'],
  expand: true,
  timeRange: 'created_updated',
  filters: {
    status: filterEnum(ORDER_STATUSES, 'Filter by status'),
    site_id: idsFilter('Site'),
    contact_id: idsFilter('Contact'),
  },
});
export const OrderEnvelope = oneEnvelope('order', OrderSchema);
export const OrdersEnvelope = listEnvelope('orders', OrderSchema);
