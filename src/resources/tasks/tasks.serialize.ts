import type { Task } from '../../domain/tasks/task.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

const ref = (id: string | null) => (id ? { id } : null);

export function serializeTask(_env: RenderEnv, t: Task) {
  return {
    id: t.id,
    assignee: ref(t.assigneeId),
    completed_at: isoSeconds(t.completedAt),
    created_at: isoSeconds(t.createdAt),
    creator: { id: t.creatorId },
    description: t.description,
    due_at: isoSeconds(t.dueAt),
    // Written order, as the client sent the keys.
    metadata: { ...t.metadata },
    resource: ref(t.resourceId),
    site: ref(t.siteId),
    status: t.status,
    title: t.title,
    updated_at: isoSeconds(t.updatedAt),
  };
}
