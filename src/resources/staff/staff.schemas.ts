import { Type } from '@sinclair/typebox';
import { Timestamp, listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const StaffSchema = Type.Object({
  id: Type.String({ examples: ['staff_06778802edebb94d'] }),
  created_at: Timestamp,
  email: Type.String({ format: 'email' }),
  name: Type.String(),
  updated_at: Timestamp,
});

export const StaffParams = Type.Object({ staff_id: Type.String() });
export const StaffQuery = listQuery({ sort: ['created_at'], search: true });
// "Staff" is uncountable: the same key for one and many (docs/decisions/staff.md).
export const StaffMemberEnvelope = oneEnvelope('staff', StaffSchema);
export const StaffListEnvelope = listEnvelope('staff', StaffSchema);
