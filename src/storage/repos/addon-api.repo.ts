import type { Handle } from '../database.ts';

/**
 * Reads behind the add-on API (src/web/addon-api): Lockyard's tenancies, units, sites, contacts and invoices as
 * flat rows, scoped to one operator (and site), with the Storeganise list conventions (limit/offset, updatedAfter).
 */
export interface ApiListFilter {
  operatorId: string;
  siteId: string | null;
  ids?: string[];
  limit: number;
  offset: number;
  updatedAfter?: Date;
}

export interface RentalRow {
  id: string;
  siteId: string;
  ownerId: string;
  unitTypeId: string | null;
  unitId: string | null;
  unitStatus: string | null;
  startsAt: Date;
  endsAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listRentals(
  h: Handle,
  f: ApiListFilter & { ownerId?: string; unitId?: string },
): Promise<RentalRow[]> {
  let q = h
    .selectFrom('tenancies as t')
    .leftJoin('unit_allocations as a', 'a.tenancy_id', 't.id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .leftJoin('subscriptions as s', 's.tenancy_id', 't.id')
    .select([
      't.id',
      't.site_id',
      't.contact_id',
      't.unit_type_id',
      't.starts_at',
      't.ends_at',
      't.started_at',
      't.created_at',
      't.updated_at',
      'a.unit_id',
      'u.status as unit_status',
      's.ended_at',
    ])
    .where('t.operator_id', '=', f.operatorId);
  if (f.siteId) q = q.where('t.site_id', '=', f.siteId);
  if (f.ids) q = q.where('t.id', 'in', f.ids.length ? f.ids : ['']);
  if (f.ownerId) q = q.where('t.contact_id', '=', f.ownerId);
  if (f.unitId) q = q.where('a.unit_id', '=', f.unitId);
  if (f.updatedAfter) q = q.where('t.updated_at', '>', f.updatedAfter);
  const rows = await q.orderBy('t.created_at').orderBy('t.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    siteId: r.site_id,
    ownerId: r.contact_id,
    unitTypeId: r.unit_type_id,
    unitId: r.unit_id,
    unitStatus: r.unit_status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface UnitRow {
  id: string;
  name: string;
  siteId: string;
  typeId: string;
  status: string;
  rentalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export async function listUnits(h: Handle, f: ApiListFilter): Promise<UnitRow[]> {
  let q = h
    .selectFrom('units as u')
    .leftJoin('unit_allocations as a', 'a.id', 'u.unit_allocation_id')
    .select([
      'u.id',
      'u.reference_id',
      'u.site_id',
      'u.unit_type_id',
      'u.status',
      'a.tenancy_id',
      'u.created_at',
      'u.updated_at',
    ])
    .where('u.operator_id', '=', f.operatorId);
  if (f.siteId) q = q.where('u.site_id', '=', f.siteId);
  if (f.ids) q = q.where('u.id', 'in', f.ids.length ? f.ids : ['']);
  if (f.updatedAfter) q = q.where('u.updated_at', '>', f.updatedAfter);
  const rows = await q.orderBy('u.created_at').orderBy('u.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.reference_id,
    siteId: r.site_id,
    typeId: r.unit_type_id,
    status: r.status,
    rentalId: r.tenancy_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface SiteRow {
  id: string;
  code: string;
  name: string;
  timezone: string;
  address: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export async function listSites(h: Handle, f: ApiListFilter & { codes?: string[] }): Promise<SiteRow[]> {
  let q = h
    .selectFrom('sites')
    .select(['id', 'slug', 'name', 'timezone', 'address', 'created_at', 'updated_at'])
    .where('operator_id', '=', f.operatorId);
  if (f.siteId) q = q.where('id', '=', f.siteId);
  if (f.ids || f.codes) {
    const ids = f.ids ?? [];
    const codes = f.codes ?? [];
    q = q.where((eb) =>
      eb.or([eb('id', 'in', ids.length ? ids : ['']), eb('slug', 'in', codes.length ? codes : [''])]),
    );
  }
  if (f.updatedAfter) q = q.where('updated_at', '>', f.updatedAfter);
  const rows = await q.orderBy('created_at').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.slug,
    name: r.name,
    timezone: r.timezone,
    address: typeof r.address === 'string' ? JSON.parse(r.address) : r.address,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface UserRow {
  id: string;
  email: string;
  fullName: string | null;
  phone: string | null;
  /** True while any of the contact's units is overlocked. */
  overdue: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Contacts; a site-level install sees those with a tenancy at its site. */
export async function listUsers(h: Handle, f: ApiListFilter & { emails?: string[] }): Promise<UserRow[]> {
  let q = h
    .selectFrom('contacts as c')
    .select((eb) => [
      'c.id',
      'c.email',
      'c.full_name',
      'c.phone_number',
      'c.created_at',
      'c.updated_at',
      eb
        .exists(
          eb
            .selectFrom('units as u')
            .innerJoin('unit_allocations as a', 'a.id', 'u.unit_allocation_id')
            .innerJoin('tenancies as t', 't.id', 'a.tenancy_id')
            .select('u.id')
            .whereRef('t.contact_id', '=', 'c.id')
            .where('u.status', '=', 'overlock'),
        )
        .as('overdue'),
    ])
    .where('c.operator_id', '=', f.operatorId);
  if (f.siteId) {
    const site = f.siteId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('tenancies as t2')
          .select('t2.id')
          .whereRef('t2.contact_id', '=', 'c.id')
          .where('t2.site_id', '=', site),
      ),
    );
  }
  if (f.ids || f.emails) {
    const ids = f.ids ?? [];
    const emails = f.emails ?? [];
    q = q.where((eb) =>
      eb.or([eb('c.id', 'in', ids.length ? ids : ['']), eb('c.email', 'in', emails.length ? emails : [''])]),
    );
  }
  if (f.updatedAfter) q = q.where('c.updated_at', '>', f.updatedAfter);
  const rows = await q.orderBy('c.created_at').orderBy('c.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    fullName: r.full_name,
    phone: r.phone_number,
    overdue: Boolean(r.overdue),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface InvoiceRow {
  id: string;
  number: string;
  status: string;
  siteId: string | null;
  rentalId: string | null;
  ownerId: string;
  ownerName: string | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  subtotal: number;
  tax: number;
  total: number;
  amountPaid: number;
  amountDue: number;
  createdAt: Date;
  updatedAt: Date;
}

export async function listInvoices(h: Handle, f: ApiListFilter & { ownerId?: string }): Promise<InvoiceRow[]> {
  let q = h
    .selectFrom('invoices as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.site_id',
      'i.tenancy_id',
      'i.contact_id',
      'c.full_name',
      'i.period_start',
      'i.period_end',
      'i.subtotal',
      'i.tax',
      'i.total',
      'i.amount_paid',
      'i.amount_due',
      'i.created_at',
      'i.updated_at',
    ])
    .where('i.operator_id', '=', f.operatorId);
  if (f.siteId) q = q.where('i.site_id', '=', f.siteId);
  if (f.ids) q = q.where('i.id', 'in', f.ids.length ? f.ids : ['']);
  if (f.ownerId) q = q.where('i.contact_id', '=', f.ownerId);
  if (f.updatedAfter) q = q.where('i.updated_at', '>', f.updatedAfter);
  const rows = await q.orderBy('i.created_at').orderBy('i.id').limit(f.limit).offset(f.offset).execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status,
    siteId: r.site_id,
    rentalId: r.tenancy_id,
    ownerId: r.contact_id,
    ownerName: r.full_name,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    subtotal: r.subtotal,
    tax: r.tax,
    total: r.total,
    amountPaid: r.amount_paid,
    amountDue: r.amount_due,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The site of a record the hooks see (tenancy, unit, invoice), for routing to site-level installs. */
export async function tenancyOfAllocation(h: Handle, operatorId: string, allocationId: string) {
  return h
    .selectFrom('unit_allocations as a')
    .innerJoin('tenancies as t', 't.id', 'a.tenancy_id')
    .select(['t.id', 't.site_id'])
    .where('a.operator_id', '=', operatorId)
    .where('a.id', '=', allocationId)
    .executeTakeFirst();
}

export async function tenancyOfSubscription(h: Handle, operatorId: string, subscriptionId: string) {
  return h
    .selectFrom('subscriptions')
    .select(['tenancy_id as id', 'site_id'])
    .where('operator_id', '=', operatorId)
    .where('id', '=', subscriptionId)
    .executeTakeFirst();
}
