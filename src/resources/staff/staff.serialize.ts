import type { StaffMember } from '../../domain/staff/staff.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeStaff(_env: RenderEnv, s: StaffMember) {
  return {
    id: s.id,
    created_at: isoSeconds(s.createdAt),
    email: s.email,
    name: s.name,
    updated_at: isoSeconds(s.updatedAt),
  };
}
