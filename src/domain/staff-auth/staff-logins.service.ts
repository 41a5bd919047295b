import { invalidContent } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db, Handle } from '../../storage/database.ts';
import * as repo from '../../storage/repos/staff-logins.repo.ts';
import { hashToken } from '../access/tokens.service.ts';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords.ts';

export type StaffUser = repo.StaffUserRow;
export type StaffMembership = repo.StaffMembershipRow;

/** A signed-in back-office visitor and the operator they are working on. */
export interface StaffSession {
  tokenHash: string;
  user: StaffUser;
  memberships: StaffMembership[];
  current: StaffMembership;
}

export type SignInResult = { ok: true; sessionToken: string; user: StaffUser } | { ok: false; reason: 'invalid' | 'throttled' };

const SESSION_SECONDS = 12 * 3600;
// Throttling: failures in a sliding window, per account (guessing one password) and per address (spraying many).
const WINDOW_MS = 15 * 60_000;
const MAX_PER_EMAIL = 5;
const MAX_PER_IP = 20;

export function staffLoginsService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    sessionSeconds: SESSION_SECONDS,

    /** Creates a login; the password is hashed before any transaction (slow work stays outside). */
    async createUser(input: { email: string; name: string; password: string }, tx: Handle = db): Promise<StaffUser> {
      if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw invalidContent('/email', 'is not an email address');
      if (input.password.length < 12) throw invalidContent('/password', 'must be at least 12 characters');
      const now = clock.now();
      const user: StaffUser = { id: newId('staffUser'), email: input.email, name: input.name, passwordHash: await hashPassword(input.password), createdAt: now, updatedAt: now };
      await repo.insertStaffUser(tx, user);
      return user;
    },

    findByEmail: (email: string, tx: Handle = db) => repo.findStaffUserByEmail(tx, email),
    addMembership: (userId: string, operatorId: string, staffId: string | null, tx: Handle = db) =>
      repo.insertMembership(tx, { userId, operatorId, staffId, createdAt: clock.now() }),

    async setPassword(userId: string, password: string): Promise<void> {
      if (password.length < 12) throw invalidContent('/password', 'must be at least 12 characters');
      await repo.updateStaffPassword(db, userId, await hashPassword(password), clock.now());
    },

    async signIn(email: string, password: string, ip: string): Promise<SignInResult> {
      const now = clock.now();
      const failures = await repo.countSignInFailures(db, email, ip, new Date(now.getTime() - WINDOW_MS));
      if (failures.email >= MAX_PER_EMAIL || failures.ip >= MAX_PER_IP) return { ok: false, reason: 'throttled' };
      const user = await repo.findStaffUserByEmail(db, email);
      const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
      const memberships = user && ok ? await repo.listMemberships(db, user.id) : [];
      if (!user || !ok || !memberships.length) {
        await repo.recordSignInFailure(db, email, ip, now);
        return { ok: false, reason: 'invalid' };
      }
      await repo.clearSignInFailures(db, email, now);
      await repo.deleteExpiredSessions(db, now);
      const sessionToken = randomToken(32);
      await repo.insertSession(db, {
        tokenHash: hashToken(sessionToken),
        userId: user.id,
        operatorId: memberships[0].operatorId,
        expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000),
        createdAt: now,
      });
      return { ok: true, sessionToken, user };
    },

    /** The session behind a cookie value, or null when it is unknown, expired, or lost its memberships. */
    async resolve(sessionToken: string | undefined): Promise<StaffSession | null> {
      if (!sessionToken) return null;
      const tokenHash = hashToken(sessionToken);
      const session = await repo.findSession(db, tokenHash);
      if (!session || session.expiresAt.getTime() <= clock.now().getTime()) return null;
      const user = await repo.findStaffUser(db, session.userId);
      const memberships = user ? await repo.listMemberships(db, user.id) : [];
      if (!user || !memberships.length) return null;
      const current = memberships.find((m) => m.operatorId === session.operatorId) ?? memberships[0];
      return { tokenHash, user, memberships, current };
    },

    /** Switches the operator the session works on; false when the user is not a member. */
    async switchOperator(session: StaffSession, operatorId: string): Promise<boolean> {
      if (!session.memberships.some((m) => m.operatorId === operatorId)) return false;
      await repo.setSessionOperator(db, session.tokenHash, operatorId);
      return true;
    },

    signOut: (session: StaffSession) => repo.deleteSession(db, session.tokenHash),
  };
}

export type StaffLoginsService = ReturnType<typeof staffLoginsService>;
