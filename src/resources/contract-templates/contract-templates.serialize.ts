import type { ContractTemplate } from '../../domain/contracts/contract-template.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeContractTemplate(_env: RenderEnv, t: ContractTemplate) {
  return { id: t.id, created_at: isoSeconds(t.createdAt), name: t.name, updated_at: isoSeconds(t.updatedAt) };
}
