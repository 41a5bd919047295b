import type { Note } from '../../domain/notes/note.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeNote(_env: RenderEnv, n: Note) {
  return {
    id: n.id,
    content: n.content,
    created_at: isoSeconds(n.createdAt),
    creator: { id: n.creatorId },
    // Written order, as the client sent the keys.
    metadata: { ...n.metadata },
    resource: { id: n.resourceId },
    updated_at: isoSeconds(n.updatedAt),
  };
}
