import { Type } from '@sinclair/typebox';
import {
  IdInput,
  MoneySchema,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { LINE_ITEM_TYPES } from '../../domain/orders/order.ts';

export const LineItemSchema = Type.Object({
  id: Type.String({ examples: ['olitm_1001cbd3d5fec937'] }),
  created_at: Timestamp,
  discount_total: MoneySchema,
  item: Ref('utype'),
  price: MoneySchema,
  quantity: Type.Integer(),
  tax: MoneySchema,
  total: MoneySchema,
  total_excluding_tax: MoneySchema,
  type: StringEnum(LINE_ITEM_TYPES),
  updated_at: Timestamp,
});

const Quantity = Type.Integer({ minimum: 1, maximum: 1000 });
const PriceInput = Type.Object(
  { amount: Type.Integer({ minimum: 0, maximum: 2_000_000_000 }) },
  { additionalProperties: false },
);

/** type, quantity, price.amount and item.id: all required, as the booking guide says. */
export const LineItemInput = Type.Object(
  {
    type: StringEnum(LINE_ITEM_TYPES),
    quantity: Quantity,
    price: PriceInput,
    item: IdInput('utype'),
  },
  { additionalProperties: false },
);

export const UpdateLineItemBody = Type.Object(
  { quantity: Type.Optional(Quantity), price: Type.Optional(PriceInput) },
  { additionalProperties: false },
);

export const LineItemsParams = Type.Object({ order_id: Type.String() });
export const LineItemParams = Type.Object({ order_id: Type.String(), line_item_id: Type.String() });
export const LineItemsQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: 'Pagination page number' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Number of items per page' }),
  ),
  expand: Type.Optional(Type.String({ description: 'Comma-separated relations to expand (`item`)' })),
});
export const LineItemEnvelope = oneEnvelope('line_item', LineItemSchema);
export const LineItemsEnvelope = listEnvelope('line_items', LineItemSchema);
