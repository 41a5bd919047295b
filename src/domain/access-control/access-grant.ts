import type { Tx } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';

/** What a door does for the person who holds the unit: opens, stays shut until arrears are paid, or is closed to them. */
export const ACCESS_STATES = ['granted', 'restricted', 'revoked'] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** Who a change is about: the unit, and the tenancy (with its contact) that holds or held it. */
export interface AccessSubject {
  unitId: string;
  contactId: string | null;
  tenancyId: string | null;
}

/** The credential a provider issued on grant: a keypad PIN here; a key id or app credential for other providers. */
export interface AccessCredential {
  code: string;
}

/**
 * An access-control provider (smart locks, gate keypads). The domain calls it from inside the transaction of the
 * unit change that caused it, so its record commits or rolls back with the unit. A provider that talks to a
 * remote system must not call out from here (rule 3: nothing slow inside a transaction): it records its intent
 * and enqueues a job in the same `tx`, and the job makes the call (docs/decisions/access-control.md).
 */
export interface AccessControlProvider {
  /** Registry key, e.g. `simulated`; add-ons use their own (`noke`, `ptisecurity`, …). */
  readonly name: string;
  /** The subject may open the unit's door; returns the credential to use (kept when the same tenancy is granted again). */
  grant(tx: Tx, ctx: OperatorContext, subject: AccessSubject, reason: string): Promise<AccessCredential>;
  /** The door stays shut for the subject for now (overlock); the credential is kept for when access returns. */
  restrict(tx: Tx, ctx: OperatorContext, subject: AccessSubject, reason: string): Promise<void>;
  /** The subject may no longer open the door; the credential is withdrawn. */
  revoke(tx: Tx, ctx: OperatorContext, subject: AccessSubject, reason: string): Promise<void>;
}

/** The built-in simulated provider's record for one unit (table `access_grants`): who, which code, and why (not). */
export interface AccessGrant {
  unitId: string;
  operatorId: string;
  contactId: string | null;
  tenancyId: string | null;
  state: AccessState;
  code: string | null;
  reason: string;
  updatedAt: Date;
}

export interface AccessGrantFilter {
  unitIds?: string[];
  contactIds?: string[];
}
