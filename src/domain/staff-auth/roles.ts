import { DomainError } from '../../kernel/errors.ts';

/** Back-office roles, each including the ones after it (docs/decisions/staff-roles.md). */
export const STAFF_ROLES = ['owner', 'manager', 'staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const RANK: Record<StaffRole, number> = { owner: 3, manager: 2, staff: 1 };

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `need` may: owner ⊃ manager ⊃ staff. */
export function roleAtLeast(role: StaffRole, need: StaffRole): boolean {
  return RANK[role] >= RANK[need];
}

/** Refuses with 403 `forbidden` unless `role` is at least `need`; the message says which role is required. */
export function assertRole(role: StaffRole, need: StaffRole): void {
  if (!roleAtLeast(role, need))
    throw new DomainError('forbidden', `This needs the ${need} role or higher; you are signed in as ${role}.`);
}
