import { Type } from '@sinclair/typebox';
import { Nullable, Ref, StringEnum, Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { filterEnum, listQuery } from '../../http/conventions/list-query.ts';
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
    site_id: Type.String({ description: 'Filter by Site IDs. Supports multiple values separated by a comma.' }),
    unit_type_id: Type.String({ description: 'Filter by Unit Type IDs. Supports multiple values separated by a comma.' }),
  },
});
export const UnitEnvelope = oneEnvelope('unit', UnitSchema);
export const UnitsEnvelope = listEnvelope('units', UnitSchema);
