import { Type } from '@sinclair/typebox';
import {
  BILLING_PERIODS,
  ImagesSchema,
  LinkSchema,
  MoneyInput,
  MoneySchema,
  Nullable,
  PriceSchema,
  Ref,
  StringEnum,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { UNIT_TYPE_STATUSES } from '../../domain/catalogue/unit-type.ts';

export const UnitTypeSchema = Type.Object({
  id: Type.String({ examples: ['utype_f18fc91387cdf710'] }),
  _links: Type.Object({ 'sf:new_order': Type.Optional(LinkSchema) }),
  created_at: Timestamp,
  dimensions: Type.Object({
    height: Type.Number(),
    length: Type.Number(),
    measurement_unit: StringEnum(['ft', 'm'] as const),
    width: Type.Number(),
  }),
  dynamic_pricing: Type.Boolean(),
  images: ImagesSchema,
  name: Type.String(),
  prices: Type.Array(PriceSchema),
  promotion: Nullable(Ref('cpn')),
  require_insurance_coverage: Type.Boolean(),
  require_security_deposit: Type.Boolean(),
  security_deposit: Nullable(MoneySchema),
  selling_points: Type.Array(Type.String()),
  site: Ref('site'),
  size_description: Type.String(),
  slug: Type.String(),
  status: StringEnum(UNIT_TYPE_STATUSES),
  stripe_product_id: Type.String(),
  updated_at: Timestamp,
});

export const UnitTypeParams = Type.Object({ unit_type_id: Type.String() });
export const UnitTypesQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  filters: {
    site_id: idsFilter('Site'),
  },
});
export const UnitTypeEnvelope = oneEnvelope('unit_type', UnitTypeSchema);
export const UnitTypesEnvelope = listEnvelope('unit_types', UnitTypeSchema);

/** `{ "weekly": { "amount": 999 }, … }`: at least one billing period. */
export const BasePriceBody = Type.Object(
  Object.fromEntries(BILLING_PERIODS.map((p) => [p, Type.Optional(MoneyInput)])),
  { additionalProperties: false, minProperties: 1 },
);
