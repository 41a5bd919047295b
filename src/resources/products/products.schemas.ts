import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  MoneyInput,
  Nullable,
  PriceSchema,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { CHARGE_TYPES } from '../../domain/catalogue/product.ts';

export const ProductSchema = Type.Object({
  id: Type.String({ examples: ['prod_2af1a177df617f3c'] }),
  accounting_code: Nullable(Type.String()),
  category: Nullable(Ref('pcat')),
  charge_type: StringEnum(CHARGE_TYPES),
  created_at: Timestamp,
  description: Nullable(Type.String()),
  name: Type.String(),
  prices: Type.Array(PriceSchema),
  site: Ref('site'),
  sku: Nullable(Type.String()),
  updated_at: Timestamp,
});

export const ProductParams = Type.Object({ product_id: Type.String() });
export const ProductsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    site_id: idsFilter('Site'),
    charge_type: filterEnum(CHARGE_TYPES, 'Filter by charge type'),
    category_id: idsFilter('Product Category'),
  },
});
export const ProductEnvelope = oneEnvelope('product', ProductSchema);
export const ProductsEnvelope = listEnvelope('products', ProductSchema);

/** Keyed by billing period; which periods apply depends on the product's charge type (checked by the domain). */
export const ProductBasePriceBody = Type.Object(
  Object.fromEntries(['one_time', ...BILLING_PERIODS].map((p) => [p, Type.Optional(MoneyInput)])),
  { additionalProperties: false, minProperties: 1 },
);
