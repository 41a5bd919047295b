import type { Site } from '../../domain/catalogue/site.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeSite(env: RenderEnv, s: Site) {
  return {
    id: s.id,
    access_hours: s.accessHours,
    address: s.address,
    created_at: isoSeconds(s.createdAt),
    description: s.description,
    directions: s.directions,
    images: env.imageUrls(s.id, s.image),
    name: s.name,
    opened_at: isoSeconds(s.openedAt),
    phone: s.phone,
    updated_at: isoSeconds(s.updatedAt),
  };
}
