import { conflict, DomainError, invalidContent, notFound } from '../../kernel/errors.ts';
import { newId, randomToken } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/staff-logins.repo.ts';
import { insertStaff } from '../../storage/repos/staff.repo.ts';
import { hashPassword } from './passwords.ts';
import { isStaffRole, type StaffRole } from './roles.ts';

export type TeamMember = repo.OperatorMemberRow;

export interface NewMember {
  email: string;
  name: string;
  role: string;
  /** Omitted: a generated one, answered once so the person who created the login can hand it over. */
  password?: string;
}

export interface PreparedMember {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  generated?: string;
}

export interface AddedMember {
  member: TeamMember;
  /** Only when generated for a new login: shown once. */
  password?: string;
  existingLogin: boolean;
}

const MIN_PASSWORD = 12;

/** Checks a new login's fields together (one error naming each), before any slow hashing. */
export function validateNewMember(input: NewMember): { email: string; name: string; role: StaffRole } {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const details = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    details.push({ pointer: '/email', message: 'is not an email address' });
  if (!name) details.push({ pointer: '/name', message: 'must not be blank' });
  if (!isStaffRole(input.role)) details.push({ pointer: '/role', message: 'must be one of owner, manager, staff' });
  if (input.password !== undefined && input.password.length < MIN_PASSWORD)
    details.push({ pointer: '/password', message: `must be at least ${MIN_PASSWORD} characters` });
  if (details.length) throw new DomainError('invalid_content', 'The request body content is not valid.', details);
  return { email, name, role: input.role as StaffRole };
}

/**
 * Who may sign in to an operator's back office and as what (Settings → Staff, `lockyard staff create`, setup).
 * A login is a person (one email, one password) who may belong to several operators, each membership with its
 * own role; each membership is also the operator's `staff` record that tasks and deals name.
 */
export function teamService({ db, clock }: { db: Db; clock: Clock }) {
  /** Inside the caller's transaction: the login (new or existing by email), a staff record and the membership. */
  async function addInTx(
    tx: Tx,
    operatorId: string,
    m: { email: string; name: string; role: StaffRole },
    passwordHash: string,
  ): Promise<{ member: TeamMember; existingLogin: boolean }> {
    const now = clock.now();
    let user = await repo.findStaffUserByEmail(tx, m.email);
    const existingLogin = !!user;
    if (!user) {
      user = { id: newId('staffUser'), email: m.email, name: m.name, passwordHash, createdAt: now, updatedAt: now };
      await repo.insertStaffUser(tx, user);
    } else if ((await repo.listMemberships(tx, user.id)).some((x) => x.operatorId === operatorId)) {
      throw conflict(`${m.email} already has access to this operator.`);
    }
    const staffId = newId('staff');
    await insertStaff(tx, { id: staffId, operatorId, name: m.name, email: m.email, createdAt: now, updatedAt: now });
    await repo.insertMembership(tx, { userId: user.id, operatorId, staffId, role: m.role, createdAt: now });
    return {
      member: { userId: user.id, email: user.email, name: user.name, staffId, role: m.role, createdAt: now },
      existingLogin,
    };
  }

  /** Refuses a change that would leave the operator with no owner. */
  async function keepAnOwner(tx: Tx, operatorId: string, userId: string) {
    const owners = await repo.lockOwners(tx, operatorId);
    if (owners.length === 1 && owners[0] === userId)
      throw conflict('An operator needs at least one owner: make someone else an owner first.');
  }

  async function memberOf(tx: Tx, operatorId: string, userId: string): Promise<TeamMember> {
    const member = (await repo.listOperatorMembers(tx, operatorId)).find((m) => m.userId === userId);
    return member ?? notFound('staff_user', userId);
  }

  const api = {
    list: (operatorId: string) => repo.listOperatorMembers(db, operatorId),

    /** Checks and hashes a new member's password (slow), before any transaction; `insert` then writes it. */
    async prepare(input: NewMember): Promise<PreparedMember> {
      const m = validateNewMember(input);
      const generated = input.password === undefined ? randomToken(18) : undefined;
      return { ...m, passwordHash: await hashPassword(input.password ?? generated!), generated };
    },

    /** Writes a prepared member inside the caller's transaction (setup: with the operator it belongs to). */
    async insert(tx: Tx, operatorId: string, p: PreparedMember): Promise<AddedMember> {
      const out = await addInTx(tx, operatorId, p, p.passwordHash);
      return { ...out, ...(p.generated && !out.existingLogin ? { password: p.generated } : {}) };
    },

    /**
     * Gives a person access to the operator. A new email gets a login with the given password or a generated one
     * (answered as `password`, shown once); an existing login keeps its password and gains the membership.
     */
    async add(operatorId: string, input: NewMember): Promise<AddedMember> {
      const p = await api.prepare(input);
      return withTransaction(db, (tx) => api.insert(tx, operatorId, p));
    },

    async changeRole(operatorId: string, userId: string, role: string): Promise<TeamMember> {
      if (!isStaffRole(role)) throw invalidContent('/role', 'must be one of owner, manager, staff');
      return withTransaction(db, async (tx) => {
        const member = await memberOf(tx, operatorId, userId);
        if (member.role === 'owner' && role !== 'owner') await keepAnOwner(tx, operatorId, userId);
        await repo.updateMembershipRole(tx, userId, operatorId, role);
        return { ...member, role };
      });
    },

    /** Removes the membership (the login stays for the person's other operators; its access here ends at once). */
    async remove(operatorId: string, userId: string): Promise<TeamMember> {
      return withTransaction(db, async (tx) => {
        const member = await memberOf(tx, operatorId, userId);
        if (member.role === 'owner') await keepAnOwner(tx, operatorId, userId);
        await repo.deleteMembership(tx, userId, operatorId);
        return member;
      });
    },
  };
  return api;
}

export type TeamService = ReturnType<typeof teamService>;
