import { Type } from '@sinclair/typebox';
import { Nullable, Ref, Timestamp } from '../../http/conventions/fields.ts';

/** The allocation as `expand=unit_allocation` renders it (and, later, its own show endpoint). */
export const UnitAllocationSchema = Type.Object({
  id: Type.String({ examples: ['alloc_52e81a952ab37314'] }),
  created_at: Timestamp,
  granted_access_at: Nullable(Timestamp),
  reserved_at: Nullable(Timestamp),
  tenancy: Ref('ten'),
  unit: Ref('unit'),
  updated_at: Timestamp,
});
