import { conflict, invalidContent, notFound, type DomainError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as units from '../../storage/repos/units.repo.ts';
import * as allocations from '../../storage/repos/unit-allocations.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findLifecycleSettings } from '../../storage/repos/lifecycle-settings.repo.ts';
import type { EventOf } from '../events/event-map.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import type { Tenancy } from '../billing/tenancy.ts';
import type { Unit } from './unit.ts';
import type { AccessControlService } from '../access-control/access-control.service.ts';
import {
  ALLOCATED_STATUSES,
  availabilityProblem,
  deallocateProblem,
  grantAccessProblem,
  repossessProblem,
  reserveProblem,
  transferProblem,
} from './unit-rules.ts';

/** A completed transfer: the tenancy keeps its id and moves from one unit to another of its type and site. */
export interface UnitTransfer {
  tenancyId: string;
  siteId: string;
  fromUnitId: string;
  toUnitId: string;
}

/**
 * The unit actions (units.md): reserve, grant access, deallocate, overlock and remove overlock by contact,
 * and the operator's availability and repossession. Each locks the unit row, checks the rule, writes with a
 * conditional update and emits its events in the same transaction. The `…In(tx, …)` forms run inside a
 * caller's transaction (booking completion, the lifecycle scheduler).
 */
export function unitActionsService({
  db,
  events,
  access,
  onTransferred,
}: {
  db: Db;
  events: EventsService;
  access: AccessControlService;
  /** Told in the transfer's transaction (add-ons send `job.unit_transfer.completed` from it). */
  onTransferred?: (tx: Tx, ctx: OperatorContext, transfer: UnitTransfer) => Promise<void>;
}) {
  async function emitUnit(tx: Tx, ctx: OperatorContext, types: EventOf<Unit>[], unitId: string): Promise<Unit> {
    const [unit] = await units.findUnits(tx, ctx.operator.id, [unitId]);
    for (const type of types) await events.emit(tx, ctx, type, unit);
    return unit;
  }

  async function lockedUnit(tx: Tx, ctx: OperatorContext, id: string): Promise<Unit> {
    return (await units.lockUnit(tx, ctx.operator.id, id)) ?? notFound('unit', id);
  }

  /** A body reference to a tenancy: not the operator's is a 422 at its pointer (as orders' references are). */
  async function tenancyOf(tx: Tx, ctx: OperatorContext, id: string): Promise<Tenancy> {
    const [tenancy] = await findTenancies(tx, ctx.operator.id, [id]);
    if (!tenancy) throw invalidContent('/tenancy_id', 'value at `/tenancy_id` is not a tenancy of this operator');
    return tenancy;
  }

  async function contactOf(tx: Tx, ctx: OperatorContext, id: string): Promise<void> {
    if (!(await findContacts(tx, ctx.operator.id, [id])).length) {
      throw invalidContent('/contact_id', 'value at `/contact_id` is not a contact of this operator');
    }
  }

  function sameSite(unit: Unit, tenancy: Tenancy): void {
    if (unit.siteId !== tenancy.siteId) {
      throw invalidContent(
        '/tenancy_id',
        `value at \`/tenancy_id\` is a tenancy at site '${tenancy.siteId}', not at the unit's site '${unit.siteId}'`,
      );
    }
  }

  function must(problem: DomainError | null): void {
    if (problem) throw problem;
  }

  /** A new allocation of the unit to the tenancy at `now`: reserved, or with access granted straight away. */
  async function allocate(
    tx: Tx,
    ctx: OperatorContext,
    unit: Unit,
    tenancy: Tenancy,
    now: Date,
    as: 'reserved' | 'granted',
  ) {
    await allocations.insertUnitAllocation(tx, {
      id: newId('unitAllocation'),
      operatorId: ctx.operator.id,
      unitId: unit.id,
      tenancyId: tenancy.id,
      reservedAt: as === 'reserved' ? now : null,
      grantedAccessAt: as === 'granted' ? now : null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** The unit's event, then the door provider told that the tenancy's contact now holds it. */
  async function announce(
    tx: Tx,
    ctx: OperatorContext,
    unit: Unit,
    tenancy: Tenancy,
    event: 'unit.reserved' | 'unit.occupied',
  ): Promise<Unit> {
    const changed = await emitUnit(tx, ctx, [event], unit.id);
    await access.onUnitChange(tx, ctx, changed, event, {
      unitId: unit.id,
      tenancyId: tenancy.id,
      contactId: tenancy.contactId,
    });
    return changed;
  }

  async function reserveIn(tx: Tx, ctx: OperatorContext, unit: Unit, tenancy: Tenancy): Promise<Unit> {
    const now = ctx.now();
    must(reserveProblem(unit, tenancy, now));
    // Conditional update: of two racing reserves only one still finds the unit available.
    if (!(await units.transitionUnit(tx, ctx.operator.id, unit.id, ['available'], 'reserved', now)))
      throw conflict(`Unit '${unit.id}' is no longer available.`);
    await allocate(tx, ctx, unit, tenancy, now, 'reserved');
    return announce(tx, ctx, unit, tenancy, 'unit.reserved');
  }

  async function grantAccessIn(tx: Tx, ctx: OperatorContext, unit: Unit, tenancy: Tenancy): Promise<Unit> {
    const now = ctx.now();
    const allocation =
      unit.status === 'reserved' ? await allocations.findAllocationOfUnit(tx, ctx.operator.id, unit.id) : null;
    must(grantAccessProblem(unit, allocation, tenancy, now));
    if (!(await units.transitionUnit(tx, ctx.operator.id, unit.id, [unit.status], 'occupied', now)))
      throw conflict(`Unit '${unit.id}' changed meanwhile; try again.`);
    if (allocation) await allocations.markAccessGranted(tx, ctx.operator.id, allocation.id, now);
    else await allocate(tx, ctx, unit, tenancy, now, 'granted');
    return announce(tx, ctx, unit, tenancy, 'unit.occupied');
  }

  async function deallocateIn(tx: Tx, ctx: OperatorContext, unit: Unit): Promise<Unit> {
    must(deallocateProblem(unit));
    const now = ctx.now();
    const holder = await access.holderOf(tx, ctx, unit.id);
    if (!(await units.transitionUnit(tx, ctx.operator.id, unit.id, ALLOCATED_STATUSES, 'available', now)))
      throw conflict(`Unit '${unit.id}' changed meanwhile; try again.`);
    if (unit.unitAllocationId) await allocations.deleteUnitAllocation(tx, ctx.operator.id, unit.unitAllocationId);
    const available = await emitUnit(tx, ctx, ['unit.deallocated', 'unit.available'], unit.id);
    await access.onUnitChange(tx, ctx, available, 'unit.deallocated', holder);
    return available;
  }

  /** Every unit of the contact in `from` → `to`, one `event` each, the door told. Empty when there is none. */
  async function transitionContactIn(
    tx: Tx,
    ctx: OperatorContext,
    contactId: string,
    from: Unit['status'],
    to: Unit['status'],
    event: 'unit.overlocked' | 'unit.occupied',
  ): Promise<Unit[]> {
    const changed = await units.transitionContactUnits(tx, ctx.operator.id, contactId, from, to, ctx.now());
    for (const u of changed) {
      await emitUnit(tx, ctx, [event], u.id);
      await access.onUnitChange(tx, ctx, u, event);
    }
    return changed;
  }

  /** Every occupied unit of the contact → overlock, one `unit.overlocked` each. Empty when there is none. */
  const overlockContactIn = (tx: Tx, ctx: OperatorContext, contactId: string) =>
    transitionContactIn(tx, ctx, contactId, 'occupied', 'overlock', 'unit.overlocked');

  const removeOverlockContactIn = (tx: Tx, ctx: OperatorContext, contactId: string) =>
    transitionContactIn(tx, ctx, contactId, 'overlock', 'occupied', 'unit.occupied');

  return {
    reserve: (ctx: OperatorContext, unitId: string, tenancyId: string): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const unit = await lockedUnit(tx, ctx, unitId);
        const tenancy = await tenancyOf(tx, ctx, tenancyId);
        sameSite(unit, tenancy);
        return reserveIn(tx, ctx, unit, tenancy);
      }),

    grantAccess: (ctx: OperatorContext, unitId: string, tenancyId: string): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const unit = await lockedUnit(tx, ctx, unitId);
        const tenancy = await tenancyOf(tx, ctx, tenancyId);
        sameSite(unit, tenancy);
        return grantAccessIn(tx, ctx, unit, tenancy);
      }),

    deallocate: (ctx: OperatorContext, unitId: string): Promise<Unit> =>
      withTransaction(db, async (tx) => deallocateIn(tx, ctx, await lockedUnit(tx, ctx, unitId))),

    overlockContact: (ctx: OperatorContext, contactId: string): Promise<Unit[]> =>
      withTransaction(db, async (tx) => {
        await contactOf(tx, ctx, contactId);
        const changed = await overlockContactIn(tx, ctx, contactId);
        if (!changed.length)
          throw conflict(
            `Contact '${contactId}' has no occupied units; overlocking requires at least one unit with status occupied.`,
          );
        return changed;
      }),

    removeOverlockContact: (ctx: OperatorContext, contactId: string): Promise<Unit[]> =>
      withTransaction(db, async (tx) => {
        await contactOf(tx, ctx, contactId);
        const changed = await removeOverlockContactIn(tx, ctx, contactId);
        if (!changed.length)
          throw conflict(
            `Contact '${contactId}' has no overlocked units; removing an overlock requires at least one unit with status overlock.`,
          );
        return changed;
      }),

    /** Back office: take a unit out of service or put it back (`unit.unavailable` / `unit.available`). */
    setAvailability: (ctx: OperatorContext, unitId: string, to: 'available' | 'unavailable'): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const unit = await lockedUnit(tx, ctx, unitId);
        must(availabilityProblem(unit, to));
        await units.transitionUnit(tx, ctx.operator.id, unit.id, [unit.status], to, ctx.now());
        return emitUnit(tx, ctx, [to === 'available' ? 'unit.available' : 'unit.unavailable'], unit.id);
      }),

    /** Back office: an overlocked unit whose tenant never paid is taken back; the allocation stays until deallocated. */
    repossess: (ctx: OperatorContext, unitId: string): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const unit = await lockedUnit(tx, ctx, unitId);
        must(repossessProblem(unit));
        await units.transitionUnit(tx, ctx.operator.id, unit.id, ['overlock'], 'repossessed', ctx.now());
        const repossessed = await emitUnit(tx, ctx, ['unit.repossessed'], unit.id);
        await access.onUnitChange(tx, ctx, repossessed, 'unit.repossessed');
        return repossessed;
      }),

    /**
     * Back office: moves a tenancy from its reserved or occupied unit to an available unit of the same type and
     * site, in one transaction — the old unit is deallocated (`unit.deallocated`, `unit.available`, access
     * revoked) and the new one reserved (`unit.reserved`) or, when the tenant had moved in or the tenancy has
     * started, occupied (`unit.occupied`, access granted with a new code). Units are locked in id order.
     */
    transfer: (ctx: OperatorContext, tenancyId: string, fromUnitId: string, toUnitId: string): Promise<Unit> =>
      withTransaction(db, async (tx) => {
        const [first, second] = [fromUnitId, toUnitId].sort();
        const locked = [await lockedUnit(tx, ctx, first), await lockedUnit(tx, ctx, second)];
        const from = locked.find((u) => u.id === fromUnitId)!;
        const to = locked.find((u) => u.id === toUnitId)!;
        const tenancy = await tenancyOf(tx, ctx, tenancyId);
        const allocation = from.unitAllocationId
          ? await allocations.findAllocationOfUnit(tx, ctx.operator.id, from.id)
          : null;
        must(transferProblem(from, allocation, to, tenancy));
        const movedIn = from.status === 'occupied' || tenancy.startsAt.getTime() <= ctx.now().getTime();
        await deallocateIn(tx, ctx, from);
        const moved = movedIn ? await grantAccessIn(tx, ctx, to, tenancy) : await reserveIn(tx, ctx, to, tenancy);
        await onTransferred?.(tx, ctx, { tenancyId: tenancy.id, siteId: tenancy.siteId, fromUnitId, toUnitId });
        return moved;
      }),

    overlockContactIn,
    removeOverlockContactIn,

    /**
     * Booking completion with the operator's auto-reservation on: reserves the lowest-numbered available unit
     * of the booked type for the new tenancy (granting access straight away when the tenancy has already
     * started). None free: the booking stays unallocated, as the guide's "availability races" says.
     */
    async autoAllocateIn(tx: Tx, ctx: OperatorContext, tenancyId: string): Promise<Unit | null> {
      const settings = await findLifecycleSettings(tx, ctx.operator.id);
      if (!settings.autoReservation) return null;
      const [tenancy] = await findTenancies(tx, ctx.operator.id, [tenancyId]);
      if (!tenancy?.unitTypeId) return null;
      const unitId = await units.lockAvailableUnit(tx, ctx.operator.id, tenancy.unitTypeId);
      if (!unitId) return null;
      const unit = (await units.lockUnit(tx, ctx.operator.id, unitId))!;
      return tenancy.startsAt.getTime() > ctx.now().getTime()
        ? reserveIn(tx, ctx, unit, tenancy)
        : grantAccessIn(tx, ctx, unit, tenancy);
    },

    /** Move-in: the tenancy's reserved units become occupied, each announced as `unit.occupied`. */
    async occupyTenancyIn(tx: Tx, ctx: OperatorContext, tenancy: Tenancy): Promise<Unit[]> {
      const out: Unit[] = [];
      for (const u of await units.unitsOfTenancy(tx, ctx.operator.id, tenancy.id)) {
        const unit = (await units.lockUnit(tx, ctx.operator.id, u.id))!;
        if (unit.status === 'reserved') out.push(await grantAccessIn(tx, ctx, unit, { ...tenancy, endsAt: null }));
      }
      return out;
    },

    /** Move-out: every unit still allocated to the tenancy is deallocated. */
    async deallocateTenancyIn(tx: Tx, ctx: OperatorContext, tenancyId: string): Promise<Unit[]> {
      const out: Unit[] = [];
      for (const u of await units.unitsOfTenancy(tx, ctx.operator.id, tenancyId)) {
        out.push(await deallocateIn(tx, ctx, (await units.lockUnit(tx, ctx.operator.id, u.id))!));
      }
      return out;
    },
  };
}

export type UnitActionsService = ReturnType<typeof unitActionsService>;
