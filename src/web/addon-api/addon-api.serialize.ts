import { minorUnitDigits } from '../../kernel/money.ts';
import type { AddonPayment } from '../../storage/repos/addon-payments.repo.ts';
import type { InvoiceRow, RentalRow, SiteRow, UnitRow, UserRow } from '../../storage/repos/addon-api.repo.ts';
import { INVOICE_STATE } from '../../domain/addons/addon-events.ts';

/**
 * Lockyard records in the Storeganise shapes add-ons read (docs/addons.md): camelCase, ids only for relations,
 * `YYYY-MM-DD` dates, amounts in major currency units.
 */
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Lockyard unit status → the Storeganise unit state (Available, Blocked, Reserved, Occupied). */
const UNIT_STATE: Record<string, string> = {
  available: 'available',
  reserved: 'reserved',
  occupied: 'occupied',
  overlock: 'occupied',
  unavailable: 'blocked',
  repossessed: 'blocked',
};

export function rentalState(r: RentalRow): string {
  if (r.endedAt) return 'completed';
  if (r.startedAt) return 'occupied';
  return 'reserved';
}

export function serializeRental(r: RentalRow) {
  return {
    id: r.id,
    unitId: r.unitId,
    siteId: r.siteId,
    ownerId: r.ownerId,
    unitTypeId: r.unitTypeId,
    state: rentalState(r),
    overdue: r.unitStatus === 'overlock',
    startDate: day(r.startsAt),
    endDate: day(r.endsAt),
    created: r.createdAt.toISOString(),
    updated: r.updatedAt.toISOString(),
  };
}

export function serializeUnit(u: UnitRow) {
  return {
    id: u.id,
    name: u.name,
    siteId: u.siteId,
    typeId: u.typeId,
    state: UNIT_STATE[u.status] ?? u.status,
    overlocked: u.status === 'overlock',
    rentalId: u.rentalId,
    created: u.createdAt.toISOString(),
    updated: u.updatedAt.toISOString(),
  };
}

export function serializeSite(s: SiteRow) {
  return {
    id: s.id,
    code: s.code,
    title: { en: s.name },
    timezone: s.timezone,
    address: s.address,
    created: s.createdAt.toISOString(),
    updated: s.updatedAt.toISOString(),
  };
}

export function serializeUser(u: UserRow) {
  const [firstName, ...rest] = (u.fullName ?? '').trim().split(/\s+/);
  return {
    id: u.id,
    email: u.email,
    firstName: firstName || null,
    lastName: rest.join(' ') || null,
    phone: u.phone,
    overdue: u.overdue,
    created: u.createdAt.toISOString(),
    updated: u.updatedAt.toISOString(),
  };
}

export function serializeInvoice(i: InvoiceRow, currency: string) {
  const major = (n: number) => n / 10 ** minorUnitDigits(currency);
  return {
    id: i.id,
    sid: i.number,
    state: INVOICE_STATE[i.status] ?? i.status,
    type: i.rentalId ? 'unit' : 'other',
    siteId: i.siteId,
    unitRentalId: i.rentalId,
    ownerId: i.ownerId,
    owner: { id: i.ownerId, name: i.ownerName },
    startDate: day(i.periodStart),
    endDate: day(i.periodEnd),
    currency,
    subtotal: major(i.subtotal),
    tax: major(i.tax),
    total: major(i.total),
    amountPaid: major(i.amountPaid),
    balance: major(i.amountDue),
    created: i.createdAt.toISOString(),
    updated: i.updatedAt.toISOString(),
  };
}

export function serializePayment(p: AddonPayment, currency: string) {
  return {
    id: p.id,
    type: p.type,
    method: p.method,
    amount: p.amount / 10 ** minorUnitDigits(currency),
    date: p.date,
    notes: p.notes,
    reference: p.reference,
    addonId: p.addonId,
    created: p.createdAt.toISOString(),
  };
}
