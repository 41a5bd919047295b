import { newId } from '../../kernel/ids.ts';
import type { UnitStatus } from '../../domain/catalogue/unit.ts';
import type { BillingPeriod } from '../../domain/catalogue/price.ts';
import { periodEnd } from '../../domain/billing/billing-period.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { insertTenancies } from '../../storage/repos/tenancies.repo.ts';
import { insertSubscriptions } from '../../storage/repos/subscriptions.repo.ts';
import { allocatedUnitIds, insertUnitAllocations } from '../../storage/repos/unit-allocations.repo.ts';
import { findUnits } from '../../storage/repos/units.repo.ts';
import type { Tenancy } from '../../domain/billing/tenancy.ts';
import type { Subscription } from '../../domain/billing/subscription.ts';
import type { UnitAllocation } from '../../domain/catalogue/unit-allocation.ts';
import { saveLifecycleSettings } from '../../storage/repos/lifecycle-settings.repo.ts';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../domain/operators/lifecycle-settings.ts';
import type { SeedContext } from './seed-context.ts';
import { insertAccessGrants } from '../../storage/repos/access-grants.repo.ts';
import type { AccessGrant } from '../../domain/access-control/access-grant.ts';
import { newPin } from '../../domain/access-control/simulated-access.provider.ts';
import { accessReason } from '../../domain/access-control/access-control.service.ts';

const HELD: readonly UnitStatus[] = ['reserved', 'occupied', 'overlock', 'repossessed'];
const DAY = 24 * 60;

/**
 * Every unit the units seed gave a held status gets what holds it: a tenancy for one of the contacts, a
 * monthly subscription for the unit type, and the allocation (reserved: a move-in within two weeks;
 * otherwise access granted when the unit's status last changed). The bookings seed allocated a few already.
 * Their invoices before the current period are not seeded (keeps the seed fast). The demo operator has
 * auto-reservation on.
 */
export async function seedHeldUnits(s: SeedContext): Promise<void> {
  await saveLifecycleSettings(s.tx, s.operator.id, { ...DEFAULT_LIFECYCLE_SETTINGS, autoReservation: true }, s.now);
  const taken = await allocatedUnitIds(s.tx, s.operator.id);
  const held = (s.created.units ?? []).filter((u) => HELD.includes(u.status) && !taken.has(u.id));
  const contacts = s.created.contacts ?? [];
  if (!held.length || !contacts.length) return;
  const types = new Map(
    (await findUnitTypes(s.tx, s.operator.id, [...new Set(held.map((u) => u.unitTypeId))])).map((t) => [t.id, t]),
  );
  const updated = new Map(
    (
      await findUnits(
        s.tx,
        s.operator.id,
        held.map((u) => u.id),
      )
    ).map((u) => [u.id, u.updatedAt]),
  );
  const tenancies: Array<Omit<Tenancy, 'unitAllocationIds'>> = [];
  const subscriptions: Subscription[] = [];
  const allocations: UnitAllocation[] = [];
  const doors: AccessGrant[] = [];
  for (const [k, unit] of held.entries()) {
    const unitType = types.get(unit.unitTypeId)!;
    const price =
      unitType.prices.find((p) => p.billingPeriod === 'monthly') ??
      unitType.prices.find((p) => p.billingPeriod !== 'one_time');
    if (!price) continue;
    const period = price.billingPeriod as BillingPeriod;
    const reserved = unit.status === 'reserved';
    const since = updated.get(unit.id)!;
    const startsAt = reserved ? s.at(-(1 + (k % 14)) * DAY) : since;
    const bookedAt = reserved ? since : new Date(since.getTime() - 2 * DAY * 60_000);
    let periodStart = startsAt;
    while (periodEnd(periodStart, period).getTime() <= s.now.getTime()) periodStart = periodEnd(periodStart, period);
    const tenancyId = newId('tenancy');
    const subscriptionId = newId('subscription');
    const contactId = contacts[k % contacts.length];
    tenancies.push({
      id: tenancyId,
      operatorId: s.operator.id,
      contactId,
      siteId: unit.siteId,
      unitTypeId: unit.unitTypeId,
      orderId: null,
      subscriptionId,
      startsAt,
      endsAt: null,
      createdAt: bookedAt,
      updatedAt: reserved ? bookedAt : startsAt,
    });
    subscriptions.push({
      id: subscriptionId,
      operatorId: s.operator.id,
      contactId,
      siteId: unit.siteId,
      tenancyId,
      orderId: null,
      billingPeriod: period,
      paymentMethod: 'card',
      couponId: null,
      cancelled: false,
      cancellationReason: null,
      startsAt,
      endsAt: null,
      currentPeriodStartsAt: periodStart,
      currentPeriodEndsAt: periodEnd(periodStart, period),
      stripeSubscriptionId: null,
      stripeSubscriptionScheduleId: null,
      lineItems: [
        {
          type: 'unit_type',
          itemId: unitType.id,
          price: price.amount,
          quantity: 1,
          createdAt: bookedAt,
          updatedAt: bookedAt,
        },
      ],
      createdAt: bookedAt,
      updatedAt: reserved ? bookedAt : periodStart,
    });
    allocations.push({
      id: newId('unitAllocation'),
      operatorId: s.operator.id,
      unitId: unit.id,
      tenancyId,
      reservedAt: bookedAt,
      grantedAccessAt: reserved ? null : startsAt,
      createdAt: bookedAt,
      updatedAt: reserved ? bookedAt : startsAt,
    });
    // The simulated keypad agrees with the unit's status, as the unit actions would have left it.
    const state = unit.status === 'overlock' ? 'restricted' : unit.status === 'repossessed' ? 'revoked' : 'granted';
    doors.push({
      unitId: unit.id,
      operatorId: s.operator.id,
      contactId,
      tenancyId,
      state,
      code: state === 'revoked' ? null : newPin(),
      reason: accessReason(
        reserved
          ? 'unit.reserved'
          : state === 'granted'
            ? 'unit.occupied'
            : state === 'restricted'
              ? 'unit.overlocked'
              : 'unit.repossessed',
        { unitId: unit.id, tenancyId, contactId },
      ),
      updatedAt: since,
    });
  }
  // Multi-row statements: a few hundred rows stay a handful of round trips.
  await insertTenancies(s.tx, tenancies);
  await insertSubscriptions(s.tx, subscriptions);
  await insertUnitAllocations(s.tx, allocations);
  await insertAccessGrants(s.tx, doors);
}
