import { Type } from '@sinclair/typebox';
import { Nullable, Ref, StringEnum, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, idsFilter } from '../../http/conventions/list-query.ts';
import { UNIT_STATUSES } from '../../domain/catalogue/unit.ts';

export const UnitSchema = Type.Object({
  id: Type.String({ examples: ['unit_1e36123098e22cf8'] }),
  created_at: Timestamp,
  reference_id: Type.String({ examples: ['UNIT-001'] }),
  site: Ref('site'),
  status: StringEnum(UNIT_STATUSES),
  unit_allocation: Nullable(Ref('alloc')),
  unit_type: Ref('utype'),
  updated_at: Timestamp,
});

export const UnitParams = Type.Object({ unit_id: Type.String() });
export const UnitsQuery = listQuery({
  sort: ['created_at'],
  expand: true,
  search: true,
  timeRange: 'created_updated',
  filters: {
    status: filterEnum(UNIT_STATUSES, 'Filter by status'),
    site_id: idsFilter('Site'),
    unit_type_id: idsFilter('Unit Type'),
  },
});
export const UnitEnvelope = oneEnvelope('unit', UnitSchema);
export const UnitsEnvelope = listEnvelope('units', UnitSchema);

export const TenancyActionBody = Type.Object(
  {
    tenancy_id: Type.String({
      pattern: '^ten_',
      minLength: 5,
      maxLength: 64,
      description: 'The ID of the tenancy',
      examples: ['ten_acaf3269a573af74'],
    }),
  },
  { additionalProperties: false },
);
export const ContactActionBody = Type.Object(
  {
    contact_id: Type.String({
      pattern: '^con_',
      minLength: 5,
      maxLength: 64,
      description: 'The contact ID',
      examples: ['con_0ac0514ed0711462'],
    }),
  },
  { additionalProperties: false },
);
/** `{success: {message}}` with the affected units in `meta.unit_ids` (not in the body), as the reference shows. */
export const UnitsActionSuccess = Type.Object({
  success: Type.Object({ message: Type.String() }),
  meta: Type.Object({ request_id: Type.String(), unit_ids: Type.Array(Type.String()) }, { additionalProperties: true }),
});
