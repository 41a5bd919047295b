import { conflict, DomainError, invalidContent, notFound, type ErrorDetail } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Page, PageOf, TimeRange } from '../../kernel/listing.ts';
import { isCountryAlpha2 } from '../../kernel/countries.ts';
import { withTransaction, type Db, type Tx } from '../../storage/database.ts';
import * as repo from '../../storage/repos/contacts.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { EventsService } from '../events/events.service.ts';
import { applyMetadataPatch, metadataForCreate, type Metadata } from '../metadata/metadata.ts';
import { UNSPECIFIED, type Contact, type ContactAddress, type ContactFields, type ContactFilter } from './contact.ts';

export type AddressInput = { [K in keyof ContactAddress]?: string | null };
export type ContactCreateInput = Partial<Omit<ContactFields, 'address'>> & {
  email: string;
  address?: AddressInput | null;
  metadata?: unknown;
};
export type ContactUpdateInput = Partial<Omit<ContactFields, 'address'>> & {
  address?: AddressInput | null;
  metadata?: unknown;
};

const DUPLICATE_EMAIL = 'has already been taken by another contact';

function duplicateEmail(): DomainError {
  return invalidContent('/email', `value at \`/email\` ${DUPLICATE_EMAIL}`);
}

/** A given address is stored whole, every key present (absent ones null), the country upper-cased. */
function normaliseAddress(input: AddressInput | null | undefined, problems: ErrorDetail[]): ContactAddress | null {
  if (!input) return null;
  const country = input.country_alpha2 ? input.country_alpha2.toUpperCase() : null;
  if (country !== null && !isCountryAlpha2(country)) {
    problems.push({
      pointer: '/address/country_alpha2',
      message: 'value at `/address/country_alpha2` is not an ISO 3166-1 alpha-2 country code',
    });
  }
  return {
    line_1: input.line_1 ?? null,
    line_2: input.line_2 ?? null,
    city: input.city ?? null,
    postal_code: input.postal_code ?? null,
    state: input.state ?? null,
    country_alpha2: country,
  };
}

/** Runs a metadata check, collecting its pointers with the others instead of stopping at it. */
function collect<T>(problems: ErrorDetail[], fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid_content') {
      problems.push(...err.details);
      return fallback;
    }
    throw err;
  }
}

/** The email index catches what the check-before-write missed (two requests at once). */
async function mapDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (repo.isUniqueViolation(err, repo.CONTACT_EMAIL_INDEX)) throw duplicateEmail();
    throw err;
  }
}

export function contactsService({ db, events }: { db: Db; events: EventsService }) {
  /**
   * Creates a lead and emits `contact.created` inside the caller's transaction (also used for an order's
   * inline contact: `pointer` then prefixes the error pointers, `/contact/email`).
   */
  async function createIn(tx: Tx, ctx: OperatorContext, input: ContactCreateInput, pointer = ''): Promise<Contact> {
    const problems: ErrorDetail[] = [];
    const address = normaliseAddress(input.address, problems);
    const metadata = collect<Metadata>(problems, () => metadataForCreate(input.metadata), {});
    const at = (d: ErrorDetail) => ({
      pointer: pointer + d.pointer,
      message: d.message.replace(/`\//g, `\`${pointer}/`),
    });
    if (problems.length) throw new DomainError('invalid_content', undefined, problems.map(at));
    if (await repo.contactIdByEmail(tx, ctx.operator.id, input.email))
      throw new DomainError('invalid_content', undefined, duplicateEmail().details.map(at));
    const now = ctx.now();
    const id = newId('contact');
    await repo.insertContact(tx, {
      id,
      operatorId: ctx.operator.id,
      email: input.email,
      fullName: input.fullName ?? null,
      phoneNumber: input.phoneNumber ?? null,
      taxId: input.taxId ?? null,
      companyRegistrationNumber: input.companyRegistrationNumber ?? null,
      address,
      type: input.type ?? null,
      source: input.source ?? null,
      marketingSource: input.marketingSource ?? null,
      useCase: input.useCase ?? null,
      status: 'lead',
      stripeCustomerId: null,
      identityCheck: { required: false, status: 'not_attempted' },
      metadata,
      createdAt: now,
      updatedAt: now,
    });
    const [created] = await repo.findContacts(tx, ctx.operator.id, [id]);
    await events.emit(tx, ctx, 'contact.created', created);
    return created;
  }

  return {
    list: (ctx: OperatorContext, page: Page, filter: ContactFilter, range: TimeRange): Promise<PageOf<Contact>> =>
      repo.listContacts(db, ctx.operator.id, page, { ...filter, unspecified: UNSPECIFIED }, range),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findContacts(db, ctx.operator.id, ids),
    async get(ctx: OperatorContext, id: string): Promise<Contact> {
      const [c] = await repo.findContacts(db, ctx.operator.id, [id]);
      return c ?? notFound('contact', id);
    },

    /** Creates a lead and announces it as `contact.created`, in one transaction. */
    create(ctx: OperatorContext, input: ContactCreateInput): Promise<Contact> {
      return mapDuplicate(() => withTransaction(db, (tx) => createIn(tx, ctx, input)));
    },

    createIn,

    isDuplicateEmail: (err: unknown) => repo.isUniqueViolation(err, repo.CONTACT_EMAIL_INDEX),

    /**
     * Applies the fields given (null clears a nullable one; metadata is a merge-patch).
     * A patch that changes nothing writes nothing and announces nothing (docs/decisions/contacts.md).
     */
    update(ctx: OperatorContext, id: string, input: ContactUpdateInput): Promise<Contact> {
      return mapDuplicate(() =>
        withTransaction(db, async (tx) => {
          const [current] = await repo.findContacts(tx, ctx.operator.id, [id]);
          if (!current) notFound('contact', id);
          const problems: ErrorDetail[] = [];
          const address = input.address === undefined ? current.address : normaliseAddress(input.address, problems);
          const metadata = collect<Metadata>(
            problems,
            () => applyMetadataPatch(current.metadata, input.metadata),
            current.metadata,
          );
          if (problems.length) throw new DomainError('invalid_content', undefined, problems);
          const pick = <K extends keyof ContactFields>(k: K): Contact[K] =>
            input[k] === undefined ? current[k] : (input[k] as Contact[K]);
          const next: Contact = {
            ...current,
            email: input.email ?? current.email,
            fullName: pick('fullName'),
            phoneNumber: pick('phoneNumber'),
            taxId: pick('taxId'),
            companyRegistrationNumber: pick('companyRegistrationNumber'),
            address,
            type: pick('type'),
            source: pick('source'),
            marketingSource: pick('marketingSource'),
            useCase: pick('useCase'),
            metadata,
          };
          if (!changed(current, next)) return current;
          if (next.email !== current.email) {
            if (await repo.contactIdByEmail(tx, ctx.operator.id, next.email, id)) throw duplicateEmail();
          }
          next.updatedAt = ctx.now();
          await repo.updateContact(tx, next);
          const [updated] = await repo.findContacts(tx, ctx.operator.id, [id]);
          await events.emit(tx, ctx, 'contact.updated', updated);
          return updated;
        }),
      );
    },

    /** Contacts with tenancies keep their history: deleting them is a conflict. */
    remove: (ctx: OperatorContext, id: string): Promise<void> =>
      withTransaction(db, async (tx) => {
        const [current] = await repo.findContacts(tx, ctx.operator.id, [id]);
        if (!current) notFound('contact', id);
        const tenancies = await repo.countTenancies(tx, ctx.operator.id, id);
        if (tenancies > 0) {
          throw conflict(
            `The contact '${id}' has ${tenancies} ${tenancies === 1 ? 'tenancy' : 'tenancies'} and cannot be deleted.`,
          );
        }
        await repo.deleteContact(tx, ctx.operator.id, id);
      }).catch((err) => {
        // Orders, deals and the like may also point at the contact.
        if (repo.isForeignKeyViolation(err))
          throw conflict(`The contact '${id}' is referenced by other records and cannot be deleted.`);
        throw err;
      }),
  };
}

function changed(a: Contact, b: Contact): boolean {
  const wire = (c: Contact) =>
    JSON.stringify([
      c.email,
      c.fullName,
      c.phoneNumber,
      c.taxId,
      c.companyRegistrationNumber,
      c.address && [
        c.address.line_1,
        c.address.line_2,
        c.address.city,
        c.address.postal_code,
        c.address.state,
        c.address.country_alpha2,
      ],
      c.type,
      c.source,
      c.marketingSource,
      c.useCase,
      Object.entries(c.metadata).sort(),
    ]);
  return wire(a) !== wire(b);
}

export type ContactsService = ReturnType<typeof contactsService>;
