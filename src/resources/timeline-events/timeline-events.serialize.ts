import type { TimelineEvent } from '../../domain/timeline/timeline-event.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

const ref = (id: string | null) => (id ? { id } : null);

export function serializeTimelineEvent(_env: RenderEnv, e: TimelineEvent) {
  return {
    id: e.id,
    contact: ref(e.links.contact),
    created_at: isoSeconds(e.createdAt),
    creator: { id: e.creatorId },
    description: e.description,
    external: e.external ? { id: e.external.id, url: e.external.url } : null,
    invoice: ref(e.links.invoice),
    site: ref(e.links.site),
    source: { id: e.sourceId },
    subscription: ref(e.links.subscription),
    template: { id: e.templateId },
    tenancy: ref(e.links.tenancy),
    unit: ref(e.links.unit),
    unit_type: ref(e.links.unit_type),
    updated_at: isoSeconds(e.updatedAt),
    // Written order, as the client sent the keys.
    variables: { ...e.variables },
  };
}
