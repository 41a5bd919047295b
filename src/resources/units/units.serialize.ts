import type { Unit } from '../../domain/catalogue/unit.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

export function serializeUnit(_env: RenderEnv, u: Unit) {
  return {
    id: u.id,
    created_at: isoSeconds(u.createdAt),
    reference_id: u.referenceId,
    site: { id: u.siteId },
    status: u.status,
    unit_allocation: ref(u.unitAllocationId),
    unit_type: { id: u.unitTypeId },
    updated_at: isoSeconds(u.updatedAt),
  };
}
