import { invalidContent } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db, Handle } from '../../storage/database.ts';
import * as repo from '../../storage/repos/staff-logins.repo.ts';
import { hashToken } from '../access/tokens.service.ts';
import type { StaffRole } from './roles.ts';
import { hashPassword, UNUSABLE_HASH, verifyPassword } from './passwords.ts';
import { signInWaitMs, WINDOW_MS } from './sign-in-throttle.ts';

export type StaffUser = repo.StaffUserRow;
export type StaffMembership = repo.StaffMembershipRow;

/** A signed-in back-office visitor and the operator they are working on. */
export interface StaffSession {
  tokenHash: string;
  user: StaffUser;
  memberships: StaffMembership[];
  current: StaffMembership;
}

export type SignInResult =
  | { ok: true; sessionToken: string; user: StaffUser }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

const SESSION_SECONDS = 12 * 3600;

/** `realNow`: the machine clock that sign-in throttling runs on (tests pass their own). */
export function staffLoginsService({
  db,
  clock,
  realNow = () => clock.now(),
}: {
  db: Db;
  clock: Clock;
  realNow?: () => Date;
}) {
  return {
    sessionSeconds: SESSION_SECONDS,

    /** Creates a login; the password is hashed before any transaction (slow work stays outside). */
    async createUser(input: { email: string; name: string; password: string }, tx: Handle = db): Promise<StaffUser> {
      if (!/^[^\s@]+@[^\s@]+$/.test(input.email)) throw invalidContent('/email', 'is not an email address');
      if (input.password.length < 12) throw invalidContent('/password', 'must be at least 12 characters');
      const now = clock.now();
      const user: StaffUser = {
        id: newId('staffUser'),
        email: input.email,
        name: input.name,
        passwordHash: await hashPassword(input.password),
        createdAt: now,
        updatedAt: now,
      };
      await repo.insertStaffUser(tx, user);
      return user;
    },

    findByEmail: (email: string, tx: Handle = db) => repo.findStaffUserByEmail(tx, email),
    addMembership: (
      userId: string,
      operatorId: string,
      staffId: string | null,
      role: StaffRole = 'staff',
      tx: Handle = db,
    ) => repo.insertMembership(tx, { userId, operatorId, staffId, role, createdAt: clock.now() }),

    async setPassword(userId: string, password: string): Promise<void> {
      if (password.length < 12) throw invalidContent('/password', 'must be at least 12 characters');
      await repo.updateStaffPassword(db, userId, await hashPassword(password), clock.now());
    },

    /** Throttled per address and per account with backoff, never locked (sign-in-throttle.ts). */
    async signIn(email: string, password: string, ip: string): Promise<SignInResult> {
      const real = realNow();
      const failures = await repo.signInFailures(db, email, ip, new Date(real.getTime() - WINDOW_MS));
      const user = await repo.findStaffUserByEmail(db, email);
      const knownAddress = user ? await repo.isKnownSignInAddress(db, user.id, ip) : false;
      const waitMs = signInWaitMs({ ...failures, knownAddress }, real);
      if (waitMs > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(waitMs / 1000) };
      const ok = await verifyPassword(password, user?.passwordHash ?? UNUSABLE_HASH);
      const memberships = user && ok ? await repo.listMemberships(db, user.id) : [];
      if (!user || !ok || !memberships.length) {
        await repo.recordSignInFailure(db, email, ip, real);
        await repo.pruneSignInFailures(db, new Date(real.getTime() - WINDOW_MS));
        return { ok: false, reason: 'invalid' };
      }
      await repo.clearSignInFailures(db, email, ip);
      await repo.rememberSignInAddress(db, user.id, ip, real);
      const now = clock.now();
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
