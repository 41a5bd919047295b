import type { TimelineSource } from '../../domain/timeline/timeline-source.ts';
import type { TimelineTemplate } from '../../domain/timeline/timeline-template.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeTimelineSource(_env: RenderEnv, s: TimelineSource) {
  return {
    id: s.id,
    created_at: isoSeconds(s.createdAt),
    global: s.operatorId === null,
    name: s.name,
    updated_at: isoSeconds(s.updatedAt),
    website_url: s.websiteUrl,
  };
}

export function serializeTimelineTemplate(_env: RenderEnv, t: TimelineTemplate) {
  return {
    id: t.id,
    created_at: isoSeconds(t.createdAt),
    global: t.operatorId === null,
    message: t.message,
    name: t.name,
    updated_at: isoSeconds(t.updatedAt),
    variables: { custom: t.variables.custom ?? [], predefined: t.variables.predefined ?? [] },
  };
}
