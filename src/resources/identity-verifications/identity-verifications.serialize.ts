import type { IdentityVerification } from '../../domain/identity/identity-verification.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeIdentityVerification(_env: RenderEnv, v: IdentityVerification) {
  return {
    id: v.id,
    contact: { id: v.contactId },
    created_at: isoSeconds(v.createdAt),
    error_code: v.errorCode,
    status: v.status,
    updated_at: isoSeconds(v.updatedAt),
  };
}
