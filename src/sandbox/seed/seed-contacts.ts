import { newId, randomToken } from '../../kernel/ids.ts';
import {
  CONTACT_SOURCES,
  CONTACT_TYPES,
  MARKETING_SOURCES,
  USE_CASES,
  type Contact,
  type ContactAddress,
  type ContactStatus,
} from '../../domain/contacts/contact.ts';
import { insertContact } from '../../storage/repos/contacts.repo.ts';
import type { SeedContext } from './seed-context.ts';

const FIRST = [
  'Amelia',
  'Oliver',
  'Isla',
  'George',
  'Ava',
  'Harry',
  'Mia',
  'Noah',
  'Grace',
  'Jack',
  'Freya',
  'Leo',
  'Sophie',
  'Arthur',
  'Zara',
];
const LAST = [
  'Clarke',
  'Hughes',
  'Patel',
  'Walker',
  "O'Brien",
  'Khan',
  'Murphy',
  'Evans',
  'Nowak',
  'Campbell',
  'de Souza',
  'Wright',
];
const COMPANIES = ['Northwind Removals Ltd', 'Brightside Events', 'Camden Vintage Co', 'Harbour Lights Charity'];
const STREETS = [
  { line_1: '14 Kentish Town Road', city: 'London', postal_code: 'NW1 8NH' },
  { line_1: '2 Chapel Street', city: 'Salford', postal_code: 'M3 5JZ' },
  { line_1: '41 Great Junction Street', city: 'Edinburgh', postal_code: 'EH6 5LF' },
  { line_1: '9 Quay Street', city: 'Bristol', postal_code: 'BS1 4DB' },
];

function pick<T>(s: SeedContext, list: readonly T[]): T {
  return list[Math.floor(s.random() * list.length)];
}

/**
 * A realistic spread: leads, customers and churned contacts, some companies, some with addresses
 * and metadata, some with nothing but an email (the nulls `unspecified` filters find).
 */
export async function seedContacts(s: SeedContext): Promise<void> {
  const count = s.size === 'full' ? 30 : 5;
  const domain = s.size === 'full' ? 'example.com' : 'example.ie';
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const company = i % 7 === 3 ? COMPANIES[Math.floor(i / 7) % COMPANIES.length] : null;
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 5) % LAST.length];
    const fullName = i % 10 === 9 ? null : (company ?? `${first} ${last}`);
    const email = company
      ? `accounts@${company.toLowerCase().replace(/[^a-z]+/g, '')}.${domain}`
      : `${first}.${last}${i >= FIRST.length ? i : ''}@${domain}`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
    const status: ContactStatus = i % 3 === 0 ? 'customer' : i % 8 === 5 ? 'churned' : 'lead';
    const bare = i % 5 === 4;
    const street = STREETS[i % STREETS.length];
    const address: ContactAddress | null =
      bare || i % 2 === 1
        ? null
        : {
            ...street,
            line_2: i % 4 === 0 ? `Flat ${1 + (i % 9)}` : null,
            state: null,
            country_alpha2: s.operator.countryAlpha2,
          };
    const created = s.at(60 * 24 * (240 - i * 7) + Math.floor(s.random() * 600));
    const updated = new Date(created.getTime() + (i % 4 === 0 ? 60 * 24 * 3 * 60_000 : 0));
    const contact: Omit<Contact, 'tenanciesCount'> = {
      id: newId('contact'),
      operatorId: s.operator.id,
      email,
      fullName,
      phoneNumber: bare ? null : `+447700900${String(100 + i).padStart(3, '0')}`,
      taxId: company ? `GB${String(100000000 + i * 7919).slice(0, 9)}` : null,
      companyRegistrationNumber: company ? String(10000000 + i * 104729).slice(0, 8) : null,
      address,
      type: bare
        ? null
        : company
          ? 'company'
          : pick(
              s,
              CONTACT_TYPES.filter((t) => t !== 'company'),
            ),
      source: bare ? null : pick(s, CONTACT_SOURCES),
      marketingSource: bare || i % 3 === 2 ? null : pick(s, MARKETING_SOURCES),
      useCase: bare ? null : company ? 'business_needs' : pick(s, USE_CASES),
      status,
      stripeCustomerId: status === 'lead' ? null : `cus_${randomToken(10).replace(/[^A-Za-z0-9]/g, 'x')}`,
      identityCheck:
        status === 'customer' && i % 2 === 0
          ? { required: true, status: 'succeeded' }
          : { required: false, status: 'not_attempted' },
      metadata: i % 4 === 1 ? { external_id: `crm_${10000 + i}`, source: 'hubspot_import' } : {},
      createdAt: created,
      updatedAt: updated.getTime() > s.now.getTime() ? created : updated,
    };
    await insertContact(s.tx, contact);
    ids.push(contact.id);
  }
  s.created.contacts = ids;
}
