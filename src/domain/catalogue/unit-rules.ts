import { conflict, type DomainError } from '../../kernel/errors.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { Tenancy } from '../billing/tenancy.ts';
import type { UnitAllocation } from './unit-allocation.ts';
import type { Unit, UnitStatus } from './unit.ts';

/**
 * The unit state machine's guards (units.md "requirements"). Pure: they read no clock and no database;
 * each returns the conflict to throw, or null when the transition is allowed. Messages say what the unit's
 * status is and what the action requires, quoting the caller's ids.
 */

/** Statuses that hold an allocation, and the only ones deallocate accepts. */
export const ALLOCATED_STATUSES: readonly UnitStatus[] = ['reserved', 'occupied', 'overlock', 'repossessed'];

function statusConflict(unit: Unit, action: string, required: string): DomainError {
  return conflict(`Unit '${unit.id}' is ${unit.status}; ${action} requires ${required}.`);
}

/** A tenancy that has ended cannot take a unit. */
function tenancyEnded(tenancy: Tenancy, now: Date): DomainError | null {
  if (tenancy.endsAt && tenancy.endsAt.getTime() <= now.getTime()) {
    return conflict(
      `Tenancy '${tenancy.id}' ended at ${isoSeconds(tenancy.endsAt)}; a unit can no longer be allocated to it.`,
    );
  }
  return null;
}

export function reserveProblem(unit: Unit, tenancy: Tenancy, now: Date): DomainError | null {
  if (unit.status !== 'available') return statusConflict(unit, 'reserving it', 'status available');
  if (tenancy.startsAt.getTime() <= now.getTime()) {
    return conflict(
      `Tenancy '${tenancy.id}' started at ${isoSeconds(tenancy.startsAt)}; a unit can only be reserved before the tenancy starts. Use grant_access instead.`,
    );
  }
  return tenancyEnded(tenancy, now);
}

export function grantAccessProblem(
  unit: Unit,
  allocation: UnitAllocation | null,
  tenancy: Tenancy,
  now: Date,
): DomainError | null {
  if (unit.status === 'reserved') {
    if (allocation && allocation.tenancyId !== tenancy.id) {
      return conflict(
        `Unit '${unit.id}' is reserved for tenancy '${allocation.tenancyId}'; access can only be granted to that tenancy, not '${tenancy.id}'.`,
      );
    }
  } else if (unit.status !== 'available') {
    return statusConflict(unit, 'granting access', 'status available or reserved');
  }
  return tenancyEnded(tenancy, now);
}

export function deallocateProblem(unit: Unit): DomainError | null {
  return ALLOCATED_STATUSES.includes(unit.status)
    ? null
    : statusConflict(unit, 'deallocating it', 'status reserved, occupied, overlock or repossessed');
}

/** Operator actions from the back office. */
export function availabilityProblem(unit: Unit, to: 'available' | 'unavailable'): DomainError | null {
  const from = to === 'available' ? 'unavailable' : 'available';
  return unit.status === from ? null : statusConflict(unit, `making it ${to}`, `status ${from}`);
}

export function repossessProblem(unit: Unit): DomainError | null {
  return unit.status === 'overlock' ? null : statusConflict(unit, 'repossessing it', 'status overlock');
}

/**
 * Transfer (back office): the tenancy's reserved or occupied unit swaps for an available unit of the same type at
 * the same site (docs/decisions/backoffice-bookings.md: a size change is a new booking, its price differs).
 */
export function transferProblem(
  from: Unit,
  allocation: UnitAllocation | null,
  to: Unit,
  tenancy: Tenancy,
): DomainError | null {
  if (from.id === to.id)
    return conflict(`Unit '${from.id}' is the unit the tenancy already holds; choose another unit.`);
  if (from.status !== 'reserved' && from.status !== 'occupied')
    return statusConflict(from, 'transferring from it', 'status reserved or occupied');
  if (!allocation || allocation.tenancyId !== tenancy.id)
    return conflict(
      `Unit '${from.id}' is not allocated to tenancy '${tenancy.id}'; only its own unit can be transferred.`,
    );
  if (to.status !== 'available') return statusConflict(to, 'transferring to it', 'status available');
  if (to.siteId !== from.siteId || to.unitTypeId !== from.unitTypeId)
    return conflict(
      `Unit '${to.id}' is not of the same unit type at the same site as unit '${from.id}'; a transfer keeps the booked unit type.`,
    );
  return null;
}
