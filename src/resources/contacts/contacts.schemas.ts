import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { ContactUpdateInput } from '../../domain/contacts/contacts.service.ts';
import {
  MetadataInput,
  MetadataSchema,
  Nullable,
  NullableInput,
  StringEnum,
  SuccessEnvelope,
  Timestamp,
  listEnvelope,
  oneEnvelope,
} from '../../http/conventions/fields.ts';
import { filterEnum, listQuery, commaFilter } from '../../http/conventions/list-query.ts';
import {
  CONTACT_SOURCES,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  IDENTITY_CHECK_STATUSES,
  MARKETING_SOURCES,
  UNSPECIFIED,
  USE_CASES,
} from '../../domain/contacts/contact.ts';

const Text = (maxLength = 255) => Type.String({ maxLength });

export const ContactAddressSchema = Type.Object({
  city: Nullable(Type.String()),
  country_alpha2: Nullable(Type.String({ examples: ['GB'] })),
  line_1: Nullable(Type.String()),
  line_2: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  state: Nullable(Type.String()),
});

export const ContactSchema = Type.Object({
  id: Type.String({ examples: ['con_0ac0514ed0711463'] }),
  address: Nullable(ContactAddressSchema),
  company_registration_number: Nullable(Type.String()),
  created_at: Timestamp,
  email: Type.String({ format: 'email' }),
  full_name: Nullable(Type.String()),
  identity_check: Type.Object({ required: Type.Boolean(), status: StringEnum(IDENTITY_CHECK_STATUSES) }),
  marketing_source: Nullable(StringEnum(MARKETING_SOURCES)),
  metadata: MetadataSchema,
  phone_number: Nullable(Type.String()),
  source: Nullable(StringEnum(CONTACT_SOURCES)),
  status: StringEnum(CONTACT_STATUSES),
  stripe_customer_id: Nullable(Type.String()),
  tax_id: Nullable(Type.String()),
  tenancies_count: Type.Integer(),
  type: Nullable(StringEnum(CONTACT_TYPES)),
  updated_at: Timestamp,
  use_case: Nullable(StringEnum(USE_CASES)),
});

/** Every address key is optional: a partial address is stored with the missing keys null. */
const AddressInput = Type.Object(
  {
    line_1: Type.Optional(NullableInput(Text())),
    line_2: Type.Optional(NullableInput(Text())),
    city: Type.Optional(NullableInput(Text())),
    postal_code: Type.Optional(NullableInput(Text(32))),
    state: Type.Optional(NullableInput(Text())),
    country_alpha2: Type.Optional(
      NullableInput(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code' })),
    ),
  },
  { additionalProperties: false },
);

const writable = (email: TSchema) => ({
  email,
  full_name: Type.Optional(NullableInput(Text())),
  phone_number: Type.Optional(NullableInput(Text(64))),
  tax_id: Type.Optional(NullableInput(Text(64))),
  company_registration_number: Type.Optional(NullableInput(Text(64))),
  address: Type.Optional(NullableInput(AddressInput)),
  type: Type.Optional(NullableInput(StringEnum(CONTACT_TYPES))),
  source: Type.Optional(NullableInput(StringEnum(CONTACT_SOURCES))),
  marketing_source: Type.Optional(NullableInput(StringEnum(MARKETING_SOURCES))),
  use_case: Type.Optional(NullableInput(StringEnum(USE_CASES))),
  metadata: Type.Optional(MetadataInput),
});

const Email = Type.String({
  format: 'email',
  maxLength: 255,
  description: "The contact's email address, unique per operator",
});

export const CreateContactBody = Type.Object(writable(Email), { additionalProperties: false });
export const UpdateContactBody = Type.Object(writable(Type.Optional(Email)), { additionalProperties: false });

const withUnspecified = (values: readonly string[]) => [...values, UNSPECIFIED];

export const ContactsQuery = listQuery({
  sort: ['created_at', 'updated_at', 'full_name'],
  search: true,
  timeRange: 'created_updated',
  filters: {
    email: commaFilter('Find by email'),
    type: filterEnum(withUnspecified(CONTACT_TYPES), 'Filter by type'),
    source: filterEnum(withUnspecified(CONTACT_SOURCES), 'Filter by source'),
    marketing_source: filterEnum(withUnspecified(MARKETING_SOURCES), 'Filter by marketing source'),
    use_case: filterEnum(withUnspecified(USE_CASES), 'Filter by use case'),
    status: filterEnum(CONTACT_STATUSES, 'Filter by status'),
  },
});

export const ContactParams = Type.Object({ contact_id: Type.String() });
export const ContactEnvelope = oneEnvelope('contact', ContactSchema);
export const ContactsEnvelope = listEnvelope('contacts', ContactSchema);
export { SuccessEnvelope as ContactDeletedEnvelope };

type Body = Static<typeof UpdateContactBody>;

/** Wire body → domain input; absent keys stay absent so that PATCH leaves them alone. */
export function contactInputOf(body: Body) {
  const out: Record<string, unknown> = {};
  const map: Array<[keyof Body, string]> = [
    ['email', 'email'],
    ['full_name', 'fullName'],
    ['phone_number', 'phoneNumber'],
    ['tax_id', 'taxId'],
    ['company_registration_number', 'companyRegistrationNumber'],
    ['address', 'address'],
    ['type', 'type'],
    ['source', 'source'],
    ['marketing_source', 'marketingSource'],
    ['use_case', 'useCase'],
    ['metadata', 'metadata'],
  ];
  for (const [wire, domain] of map) if (body[wire] !== undefined) out[domain] = body[wire];
  return out as ContactUpdateInput;
}
