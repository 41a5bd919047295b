import type { FailureCount } from '../../domain/staff-auth/sign-in-throttle.ts';
import type { StaffRole } from '../../domain/staff-auth/roles.ts';
import { sql, type Handle, type Row, type Tx } from '../database.ts';

export interface StaffUserRow {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface StaffMembershipRow {
  userId: string;
  operatorId: string;
  operatorName: string;
  staffId: string | null;
  role: StaffRole;
}

export interface StaffSessionRow {
  tokenHash: string;
  userId: string;
  operatorId: string | null;
  expiresAt: Date;
  createdAt: Date;
}

const userRow = (r: Row<'staff_users'>): StaffUserRow => ({
  id: r.id,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertStaffUser(tx: Handle, u: StaffUserRow): Promise<void> {
  await tx
    .insertInto('staff_users')
    .values({
      id: u.id,
      email: u.email,
      name: u.name,
      password_hash: u.passwordHash,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    })
    .execute();
}

export async function findStaffUserByEmail(tx: Handle, email: string): Promise<StaffUserRow | undefined> {
  const r = await tx
    .selectFrom('staff_users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return r && userRow(r);
}

export async function findStaffUser(tx: Handle, id: string): Promise<StaffUserRow | undefined> {
  const r = await tx.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
  return r && userRow(r);
}

export async function updateStaffPassword(tx: Handle, id: string, passwordHash: string, at: Date): Promise<void> {
  await tx
    .updateTable('staff_users')
    .set({ password_hash: passwordHash, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertMembership(
  tx: Handle,
  m: { userId: string; operatorId: string; staffId: string | null; role: StaffRole; createdAt: Date },
): Promise<void> {
  await tx
    .insertInto('staff_memberships')
    .values({
      user_id: m.userId,
      operator_id: m.operatorId,
      staff_id: m.staffId,
      role: m.role,
      created_at: m.createdAt,
    })
    .onConflict((oc) => oc.columns(['user_id', 'operator_id']).doNothing())
    .execute();
}

export async function listMemberships(tx: Handle, userId: string): Promise<StaffMembershipRow[]> {
  const rows = await tx
    .selectFrom('staff_memberships as m')
    .innerJoin('operators as o', 'o.id', 'm.operator_id')
    .select(['m.user_id', 'm.operator_id', 'm.staff_id', 'm.role', 'o.name'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    operatorId: r.operator_id,
    operatorName: r.name,
    staffId: r.staff_id,
    role: r.role as StaffRole,
  }));
}

export async function insertSession(tx: Handle, s: StaffSessionRow): Promise<void> {
  await tx
    .insertInto('staff_sessions')
    .values({
      token_hash: s.tokenHash,
      user_id: s.userId,
      operator_id: s.operatorId,
      expires_at: s.expiresAt,
      created_at: s.createdAt,
    })
    .execute();
}

export async function findSession(tx: Handle, tokenHash: string): Promise<StaffSessionRow | undefined> {
  const r = await tx.selectFrom('staff_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return (
    r && {
      tokenHash: r.token_hash,
      userId: r.user_id,
      operatorId: r.operator_id,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
    }
  );
}

export async function setSessionOperator(tx: Handle, tokenHash: string, operatorId: string): Promise<void> {
  await tx.updateTable('staff_sessions').set({ operator_id: operatorId }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(tx: Handle, tokenHash: string): Promise<void> {
  await tx.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(tx: Handle, now: Date): Promise<void> {
  await tx.deleteFrom('staff_sessions').where('expires_at', '<=', now).execute();
}

export async function recordSignInFailure(tx: Handle, email: string, ip: string, at: Date): Promise<void> {
  await tx.insertInto('staff_sign_in_failures').values({ email: email.toLowerCase(), ip, at }).execute();
}

/** Failures since `since` (count and latest) for this email from this address, from this address, and for this email. */
export async function signInFailures(
  tx: Handle,
  email: string,
  ip: string,
  since: Date,
): Promise<Record<'pair' | 'address' | 'account', FailureCount>> {
  const e = email.toLowerCase();
  const r = await tx
    .selectFrom('staff_sign_in_failures')
    .select([
      sql<number>`count(*) FILTER (WHERE lower(email) = ${e} AND ip = ${ip})::int`.as('pair_n'),
      sql<Date | null>`max(at) FILTER (WHERE lower(email) = ${e} AND ip = ${ip})`.as('pair_last'),
      sql<number>`count(*) FILTER (WHERE ip = ${ip})::int`.as('address_n'),
      sql<Date | null>`max(at) FILTER (WHERE ip = ${ip})`.as('address_last'),
      sql<number>`count(*) FILTER (WHERE lower(email) = ${e})::int`.as('account_n'),
      sql<Date | null>`max(at) FILTER (WHERE lower(email) = ${e})`.as('account_last'),
    ])
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', e), eb('ip', '=', ip)]))
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  const count = (n: number, last: Date | string | null): FailureCount => ({
    count: Number(n),
    last: last == null ? null : new Date(last),
  });
  return {
    pair: count(r.pair_n, r.pair_last),
    address: count(r.address_n, r.address_last),
    account: count(r.account_n, r.account_last),
  };
}

/** A success forgives this address's failures for this email (not other addresses': those may be an attacker's). */
export async function clearSignInFailures(tx: Handle, email: string, ip: string): Promise<void> {
  await tx
    .deleteFrom('staff_sign_in_failures')
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('ip', '=', ip)
    .execute();
}

export async function pruneSignInFailures(tx: Handle, before: Date): Promise<void> {
  await tx.deleteFrom('staff_sign_in_failures').where('at', '<=', before).execute();
}

export async function isKnownSignInAddress(tx: Handle, userId: string, ip: string): Promise<boolean> {
  return !!(await tx
    .selectFrom('staff_sign_in_addresses')
    .select('ip')
    .where('user_id', '=', userId)
    .where('ip', '=', ip)
    .executeTakeFirst());
}

export async function rememberSignInAddress(tx: Handle, userId: string, ip: string, at: Date): Promise<void> {
  await tx
    .insertInto('staff_sign_in_addresses')
    .values({ user_id: userId, ip, last_signed_in_at: at })
    .onConflict((oc) => oc.columns(['user_id', 'ip']).doUpdateSet({ last_signed_in_at: at }))
    .execute();
}

/** An operator's back-office logins with their roles (Settings → Staff). */
export interface OperatorMemberRow {
  userId: string;
  email: string;
  name: string;
  staffId: string | null;
  role: StaffRole;
  createdAt: Date;
}

export async function listOperatorMembers(tx: Handle, operatorId: string): Promise<OperatorMemberRow[]> {
  const rows = await tx
    .selectFrom('staff_memberships as m')
    .innerJoin('staff_users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.email', 'u.name', 'm.staff_id', 'm.role', 'm.created_at'])
    .where('m.operator_id', '=', operatorId)
    .orderBy('m.created_at')
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    staffId: r.staff_id,
    role: r.role as StaffRole,
    createdAt: r.created_at,
  }));
}

export async function updateMembershipRole(tx: Tx, userId: string, operatorId: string, role: StaffRole) {
  await tx
    .updateTable('staff_memberships')
    .set({ role })
    .where('user_id', '=', userId)
    .where('operator_id', '=', operatorId)
    .execute();
}

export async function deleteMembership(tx: Tx, userId: string, operatorId: string): Promise<void> {
  await tx
    .deleteFrom('staff_memberships')
    .where('user_id', '=', userId)
    .where('operator_id', '=', operatorId)
    .execute();
}

/**
 * The operator's owners, locked (FOR UPDATE) so two owners demoting each other at once cannot both pass the
 * "not the last owner" check.
 */
export async function lockOwners(tx: Tx, operatorId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('staff_memberships')
    .select('user_id')
    .where('operator_id', '=', operatorId)
    .where('role', '=', 'owner')
    .forUpdate()
    .execute();
  return rows.map((r) => r.user_id);
}
