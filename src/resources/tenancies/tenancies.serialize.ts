import type { Tenancy } from '../../domain/billing/tenancy.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';
import { ref } from '../../http/conventions/serialize-helpers.ts';

export function serializeTenancy(_env: RenderEnv, t: Tenancy) {
  return {
    id: t.id,
    contact: { id: t.contactId },
    created_at: isoSeconds(t.createdAt),
    ends_at: isoSeconds(t.endsAt),
    order: ref(t.orderId),
    site: { id: t.siteId },
    starts_at: isoSeconds(t.startsAt),
    subscription: ref(t.subscriptionId),
    unit_allocations: t.unitAllocationIds.map((id) => ({ id })),
    updated_at: isoSeconds(t.updatedAt),
  };
}
