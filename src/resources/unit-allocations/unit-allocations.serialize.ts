import type { UnitAllocation } from '../../domain/catalogue/unit-allocation.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeUnitAllocation(_env: RenderEnv, a: UnitAllocation) {
  return {
    id: a.id,
    created_at: isoSeconds(a.createdAt),
    granted_access_at: isoSeconds(a.grantedAccessAt),
    reserved_at: isoSeconds(a.reservedAt),
    tenancy: { id: a.tenancyId },
    unit: { id: a.unitId },
    updated_at: isoSeconds(a.updatedAt),
  };
}
