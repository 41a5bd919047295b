import type { DealStage } from '../../domain/deals/deal-stage.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeDealStage(_env: RenderEnv, s: DealStage) {
  return {
    id: s.id,
    created_at: isoSeconds(s.createdAt),
    name: s.name,
    position: s.position,
    updated_at: isoSeconds(s.updatedAt),
  };
}
