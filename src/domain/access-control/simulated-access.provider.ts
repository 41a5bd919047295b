import { randomInt } from 'node:crypto';
import { findAccessGrant, saveAccessGrant } from '../../storage/repos/access-grants.repo.ts';
import type { AccessControlProvider, AccessState, AccessSubject } from './access-grant.ts';
import type { Tx } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';

export const SIMULATED_PROVIDER = 'simulated';

/** A six-digit keypad PIN (leading zeros kept). */
export function newPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * The built-in provider: a keypad per unit door, simulated in the database (`access_grants`, one row per unit).
 * A grant issues a PIN, kept while the same tenancy holds the unit (an overlock and its removal do not change the
 * tenant's code); a new tenancy gets a new PIN; a revoke withdraws it. The row says why, whatever the state.
 */
export function simulatedAccessProvider(): AccessControlProvider {
  async function save(
    tx: Tx,
    ctx: OperatorContext,
    s: AccessSubject,
    state: AccessState,
    code: string | null,
    reason: string,
  ) {
    await saveAccessGrant(tx, {
      unitId: s.unitId,
      operatorId: ctx.operator.id,
      contactId: s.contactId,
      tenancyId: s.tenancyId,
      state,
      code,
      reason,
      updatedAt: ctx.now(),
    });
  }

  return {
    name: SIMULATED_PROVIDER,
    async grant(tx, ctx, subject, reason) {
      const before = await findAccessGrant(tx, ctx.operator.id, subject.unitId);
      const code =
        before?.code && before.state !== 'revoked' && before.tenancyId === subject.tenancyId ? before.code : newPin();
      await save(tx, ctx, subject, 'granted', code, reason);
      return { code };
    },
    async restrict(tx, ctx, subject, reason) {
      const before = await findAccessGrant(tx, ctx.operator.id, subject.unitId);
      const code = before?.state !== 'revoked' && before?.tenancyId === subject.tenancyId ? before.code : null;
      await save(tx, ctx, subject, 'restricted', code, reason);
    },
    async revoke(tx, ctx, subject, reason) {
      await save(tx, ctx, subject, 'revoked', null, reason);
    },
  };
}
