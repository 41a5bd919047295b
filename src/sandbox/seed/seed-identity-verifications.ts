import { newId } from '../../kernel/ids.ts';
import { insertIdentityVerification } from '../../storage/repos/identity-verifications.repo.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * The verification behind the first contact's `identity_check: succeeded` (seed-contacts.ts marks even-numbered
 * customers so), so the generated isolation and contract tests have one to try (a skip there is a failure).
 */
export async function seedIdentityVerifications(s: SeedContext): Promise<void> {
  const contactId = s.created.contacts?.[0];
  if (s.size !== 'full' || !contactId) return;
  const at = s.at(60 * 24 * 200);
  await insertIdentityVerification(s.tx, {
    id: newId('identityVerification'),
    operatorId: s.operator.id,
    contactId,
    status: 'succeeded',
    errorCode: null,
    createdAt: at,
    updatedAt: at,
  });
}
