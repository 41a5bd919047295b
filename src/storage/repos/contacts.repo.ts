import { sql } from 'kysely';
import type { Contact, ContactFilter } from '../../domain/contacts/contact.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import type { Handle, Tx, Row } from '../database.ts';
import { likePattern, paginate, whereTimeRange } from './paging.ts';
import { forgetInTx, memoInTx } from '../tx-memo.ts';

/** The unique index behind "one contact per email per operator" (0001_core.sql). */
export const CONTACT_EMAIL_INDEX = 'contacts_operator_email';

function toContact(r: Row<'contacts'> & { tenancies_count?: number }): Contact {
  return {
    id: r.id,
    operatorId: r.operator_id,
    email: r.email,
    fullName: r.full_name,
    phoneNumber: r.phone_number,
    taxId: r.tax_id,
    companyRegistrationNumber: r.company_registration_number,
    address: r.address as Contact['address'],
    type: r.type as Contact['type'],
    source: r.source as Contact['source'],
    marketingSource: r.marketing_source as Contact['marketingSource'],
    useCase: r.use_case as Contact['useCase'],
    status: r.status as Contact['status'],
    stripeCustomerId: r.stripe_customer_id,
    identityCheck: { required: r.identity_check_required, status: r.identity_check_status },
    metadata: (r.metadata ?? {}) as Contact['metadata'],
    tenanciesCount: Number(r.tenancies_count ?? 0),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function base(tx: Handle, operatorId: string) {
  return (
    tx
      .selectFrom('contacts')
      .selectAll('contacts')
      .select(
        sql<number>`(SELECT count(*) FROM tenancies t WHERE t.contact_id = contacts.id)::int`.as('tenancies_count'),
      )
      // Byte-order on the lower-cased name: the same order on PGlite and on any server collation.
      .select(sql<string>`lower(contacts.full_name) COLLATE "C"`.as('sort_full_name'))
      .where('contacts.operator_id', '=', operatorId)
  );
}

function columns(c: Omit<Contact, 'tenanciesCount'>) {
  return {
    email: c.email,
    full_name: c.fullName,
    phone_number: c.phoneNumber,
    tax_id: c.taxId,
    company_registration_number: c.companyRegistrationNumber,
    address: c.address ? JSON.stringify(c.address) : null,
    type: c.type,
    source: c.source,
    marketing_source: c.marketingSource,
    use_case: c.useCase,
    status: c.status,
    stripe_customer_id: c.stripeCustomerId,
    identity_check_required: c.identityCheck.required,
    identity_check_status: c.identityCheck.status,
    metadata: JSON.stringify(c.metadata),
    updated_at: c.updatedAt,
  };
}

export async function insertContact(tx: Tx, c: Omit<Contact, 'tenanciesCount'>): Promise<void> {
  forgetInTx(tx, 'contacts:');
  await tx
    .insertInto('contacts')
    .values({ id: c.id, operator_id: c.operatorId, ...columns(c), created_at: c.createdAt })
    .execute();
}

export async function updateContact(tx: Tx, c: Omit<Contact, 'tenanciesCount'>): Promise<void> {
  forgetInTx(tx, 'contacts:');
  await tx
    .updateTable('contacts')
    .set(columns(c))
    .where('id', '=', c.id)
    .where('operator_id', '=', c.operatorId)
    .execute();
}

export async function deleteContact(tx: Tx, operatorId: string, id: string): Promise<void> {
  forgetInTx(tx, 'contacts:');
  forgetInTx(tx, 'payment_methods:');
  await tx.deleteFrom('contacts').where('id', '=', id).where('operator_id', '=', operatorId).execute();
}

export async function findContacts(tx: Handle, operatorId: string, ids: string[]): Promise<Contact[]> {
  if (!ids.length) return [];
  return (await base(tx, operatorId).where('contacts.id', 'in', ids).execute()).map(toContact);
}

/** Where to write to a contact: its address and name only (an email's recipient; no counts or sort keys). */
export async function findContactAddress(
  tx: Handle,
  operatorId: string,
  id: string,
): Promise<{ id: string; email: string | null; fullName: string | null } | undefined> {
  // Remembered for the transaction (a lifecycle batch writes each contact several emails): storage/tx-memo.ts.
  return memoInTx(tx, `contacts:${operatorId}:${id}`, async () => {
    const r = await tx
      .selectFrom('contacts')
      .select(['id', 'email', 'full_name'])
      .where('operator_id', '=', operatorId)
      .where('id', '=', id)
      .executeTakeFirst();
    return r && { id: r.id, email: r.email, fullName: r.full_name };
  });
}

/** Another contact of the operator with this email, compared case-insensitively. */
export async function contactIdByEmail(
  tx: Handle,
  operatorId: string,
  email: string,
  exceptId?: string,
): Promise<string | undefined> {
  let qb = tx
    .selectFrom('contacts')
    .select('id')
    .where('operator_id', '=', operatorId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase());
  if (exceptId) qb = qb.where('id', '<>', exceptId);
  return (await qb.executeTakeFirst())?.id;
}

export async function countTenancies(tx: Handle, operatorId: string, contactId: string): Promise<number> {
  const r = await tx
    .selectFrom('tenancies')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('operator_id', '=', operatorId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** `values` may hold `unspecified`: the column is null. */
function whereEnum<Q extends ReturnType<typeof base>>(
  qb: Q,
  column: string,
  values: string[] | undefined,
  unspecified: string,
): Q {
  if (!values?.length) return qb;
  const set = values.filter((v) => v !== unspecified);
  const wantsNull = values.includes(unspecified);
  return qb.where((eb) =>
    eb.or([
      ...(set.length ? [eb(sql.ref(`contacts.${column}`), 'in', set)] : []),
      ...(wantsNull ? [eb(sql.ref(`contacts.${column}`), 'is', null)] : []),
    ]),
  ) as Q;
}

export async function listContacts(
  tx: Handle,
  operatorId: string,
  page: Page,
  filter: ContactFilter & { unspecified: string },
  range: TimeRange,
): Promise<PageOf<Contact>> {
  let qb = base(tx, operatorId);
  if (filter.emails?.length)
    qb = qb.where(
      sql<string>`lower(contacts.email)`,
      'in',
      filter.emails.map((e) => e.toLowerCase()),
    );
  if (filter.search) {
    const p = likePattern(filter.search);
    // Phone numbers are stored and typed with or without spaces: compare them without.
    const compactPhone = likePattern(filter.search.replace(/\s+/g, ''));
    qb = qb.where((eb) =>
      eb.or([
        eb('contacts.full_name', 'ilike', p),
        eb('contacts.email', 'ilike', p),
        eb(sql`replace(contacts.phone_number, ' ', '')`, 'ilike', compactPhone),
      ]),
    );
  }
  qb = whereEnum(qb, 'type', filter.types, filter.unspecified);
  qb = whereEnum(qb, 'source', filter.sources, filter.unspecified);
  qb = whereEnum(qb, 'marketing_source', filter.marketingSources, filter.unspecified);
  qb = whereEnum(qb, 'use_case', filter.useCases, filter.unspecified);
  if (filter.statuses?.length) qb = qb.where('contacts.status', 'in', filter.statuses);
  qb = whereTimeRange(qb, 'contacts', range);
  return paginate(
    qb,
    page,
    { created_at: 'contacts.created_at', updated_at: 'contacts.updated_at', full_name: 'sort_full_name' },
    toContact,
    'contacts',
  );
}

/** True when `err` is the database refusing a duplicate on the named unique index. */
export function isUniqueViolation(err: unknown, index: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return e?.code === '23505' && (e.constraint === index || (e.message ?? '').includes(index));
}

/** True when `err` is a foreign key still pointing at a row being deleted. */
export function isForeignKeyViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23503';
}

/** Mirrors the contact's latest identity check (`identity_check.status`). */
export async function setIdentityCheckStatus(
  tx: Tx,
  operatorId: string,
  contactId: string,
  status: string,
  at: Date,
): Promise<void> {
  forgetInTx(tx, 'contacts:');
  await tx
    .updateTable('contacts')
    .set({ identity_check_status: status, updated_at: at })
    .where('id', '=', contactId)
    .where('operator_id', '=', operatorId)
    .execute();
}

/** Moves the contact to `status` from one of `from`; true when it moved (a repeated call changes nothing). */
export async function moveContactStatus(
  tx: Tx,
  operatorId: string,
  contactId: string,
  from: string[],
  status: string,
  at: Date,
): Promise<boolean> {
  forgetInTx(tx, 'contacts:');
  const row = await tx
    .updateTable('contacts')
    .set({ status, updated_at: at })
    .where('id', '=', contactId)
    .where('operator_id', '=', operatorId)
    .where('status', 'in', from)
    .returning('id')
    .executeTakeFirst();
  return !!row;
}
