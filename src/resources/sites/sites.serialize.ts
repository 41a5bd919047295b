import type { Site } from '../../domain/catalogue/site.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';
import { sortKeysDeep } from '../../http/conventions/serialize-helpers.ts';

export function serializeSite(env: RenderEnv, s: Site) {
  return {
    id: s.id,
    access_hours: sortKeysDeep(s.accessHours),
    address: sortKeysDeep(s.address),
    created_at: isoSeconds(s.createdAt),
    description: s.description,
    directions: sortKeysDeep(s.directions),
    images: env.imageUrls(s.id, s.image),
    name: s.name,
    opened_at: isoSeconds(s.openedAt),
    phone: s.phone,
    updated_at: isoSeconds(s.updatedAt),
  };
}
