import type { Deal } from '../../domain/deals/deal.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

const ref = (id: string | null) => (id ? { id } : null);

export function serializeDeal(_env: RenderEnv, d: Deal) {
  return {
    id: d.id,
    assignee: ref(d.assigneeId),
    contact: { id: d.contactId },
    created_at: isoSeconds(d.createdAt),
    creator: { id: d.creatorId },
    line_items: d.lineItems.map((l) => ({ item: { id: l.itemId }, quantity: l.quantity, type: l.type })),
    lost_reason: d.lostReason,
    // Written order, as the client sent the keys.
    metadata: { ...d.metadata },
    name: d.name,
    note: d.note,
    site: ref(d.siteId),
    stage: { id: d.stageId },
    starts_at: isoSeconds(d.startsAt),
    status: d.status,
    updated_at: isoSeconds(d.updatedAt),
    value_estimate: d.valueEstimate,
  };
}
