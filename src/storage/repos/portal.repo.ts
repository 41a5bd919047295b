import type { Handle, Tx } from '../database.ts';

/**
 * The customer portal's own records (docs/decisions/portal.md): accounts, emailed sign-in tokens and sessions,
 * and the read of access-control state the portal shows a tenant. Tokens and sessions are stored as SHA-256.
 */
export interface PortalAccountRow {
  contactId: string;
  operatorId: string;
  passwordHash: string | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export async function findPortalAccount(db: Handle, operatorId: string, contactId: string) {
  const r = await db
    .selectFrom('portal_accounts')
    .selectAll()
    .where('operator_id', '=', operatorId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return r
    ? {
        contactId: r.contact_id,
        operatorId: r.operator_id,
        passwordHash: r.password_hash,
        createdAt: r.created_at,
        lastSignInAt: r.last_sign_in_at,
      }
    : undefined;
}

/** Creates the account, or sets its password when given (a later setup replaces the password). */
export async function upsertPortalAccount(
  db: Handle,
  a: { operatorId: string; contactId: string; passwordHash: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('portal_accounts')
    .values({
      contact_id: a.contactId,
      operator_id: a.operatorId,
      password_hash: a.passwordHash,
      created_at: a.at,
    })
    .onConflict((oc) =>
      oc
        .column('contact_id')
        .doUpdateSet(a.passwordHash ? { password_hash: a.passwordHash } : { operator_id: a.operatorId }),
    )
    .execute();
}

export async function markSignedIn(db: Handle, contactId: string, at: Date): Promise<void> {
  await db.updateTable('portal_accounts').set({ last_sign_in_at: at }).where('contact_id', '=', contactId).execute();
}

export async function insertSignInToken(
  db: Handle,
  t: {
    tokenHash: string;
    operatorId: string;
    contactId: string | null;
    requestedFrom: string;
    createdAt: Date;
    expiresAt: Date;
    usedAt?: Date | null;
  },
): Promise<void> {
  await db
    .insertInto('portal_sign_in_tokens')
    .values({
      token_hash: t.tokenHash,
      operator_id: t.operatorId,
      contact_id: t.contactId,
      requested_from: t.requestedFrom,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      used_at: t.usedAt ?? null,
    })
    .execute();
}

/** Links asked for since `since`: for this contact, and from this address (any contact, any operator). */
export async function recentSignInRequests(
  db: Handle,
  q: { operatorId: string; contactId: string | null; address: string; since: Date },
): Promise<{ contact: number; address: number }> {
  const address = await db
    .selectFrom('portal_sign_in_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('requested_from', '=', q.address)
    .where('created_at', '>=', q.since)
    .executeTakeFirst();
  const contact = q.contactId
    ? await db
        .selectFrom('portal_sign_in_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('operator_id', '=', q.operatorId)
        .where('contact_id', '=', q.contactId)
        .where('created_at', '>=', q.since)
        .executeTakeFirst()
    : undefined;
  return { contact: Number(contact?.n ?? 0), address: Number(address?.n ?? 0) };
}

/** Spends a token: only an unused, unexpired one for this operator, exactly once however many race. */
export async function useSignInToken(
  db: Handle,
  operatorId: string,
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const r = await db
    .updateTable('portal_sign_in_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('operator_id', '=', operatorId)
    .where('used_at', 'is', null)
    .where('contact_id', 'is not', null)
    .where('expires_at', '>', now)
    .returning('contact_id')
    .executeTakeFirst();
  return r?.contact_id ?? undefined;
}

export async function findSignInToken(db: Handle, operatorId: string, tokenHash: string) {
  return db
    .selectFrom('portal_sign_in_tokens')
    .select(['contact_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .where('operator_id', '=', operatorId)
    .executeTakeFirst();
}

export async function insertPortalSession(
  db: Handle,
  s: { sessionHash: string; operatorId: string; contactId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('portal_sessions')
    .values({
      session_hash: s.sessionHash,
      operator_id: s.operatorId,
      contact_id: s.contactId,
      created_at: s.createdAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findPortalSession(db: Handle, operatorId: string, sessionHash: string, now: Date) {
  const r = await db
    .selectFrom('portal_sessions')
    .select(['contact_id'])
    .where('session_hash', '=', sessionHash)
    .where('operator_id', '=', operatorId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r?.contact_id;
}

export async function deletePortalSession(db: Handle, sessionHash: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('session_hash', '=', sessionHash).execute();
}

/** Access-control state of these units (the lifecycle's simulated provider), if any. */
export async function accessGrantsOfUnits(
  db: Handle | Tx,
  operatorId: string,
  unitIds: string[],
): Promise<Map<string, { state: string; code: string | null; reason: string; contactId: string | null }>> {
  if (!unitIds.length) return new Map();
  const rows = await db
    .selectFrom('access_grants')
    .select(['unit_id', 'state', 'code', 'reason', 'contact_id'])
    .where('operator_id', '=', operatorId)
    .where('unit_id', 'in', unitIds)
    .execute();
  return new Map(
    rows.map((r) => [r.unit_id, { state: r.state, code: r.code, reason: r.reason, contactId: r.contact_id }]),
  );
}
