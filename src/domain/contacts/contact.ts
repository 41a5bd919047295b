import type { Metadata } from '../metadata/metadata.ts';

export const CONTACT_TYPES = ['domestic', 'company', 'student', 'charity', 'local_authority'] as const;
export const CONTACT_SOURCES = [
  'pre_open',
  'incomplete_booking',
  'registered_interest',
  'price_interest',
  'quotation_request',
  'booking',
  'popup',
  'external_enquiry',
  'phone',
  'walkin',
  'import',
  'other',
] as const;
export const MARKETING_SOURCES = [
  'used_before',
  'recommendation',
  'received_leaflet',
  'seen_building_signs',
  'seen_advert',
  'facebook_marketplace',
  'google_search',
  'other_online_search',
  'social_media',
  'email',
  'radio',
  'other',
] as const;
export const USE_CASES = ['business_needs', 'moving_home', 'more_space', 'refurb', 'travelling', 'other'] as const;
export const CONTACT_STATUSES = ['lead', 'customer', 'churned'] as const;
export const IDENTITY_CHECK_STATUSES = ['not_attempted', 'processing', 'succeeded', 'failed', 'cancelled'] as const;
/** List filters accept this for "the field is not set". */
export const UNSPECIFIED = 'unspecified';

export type ContactType = (typeof CONTACT_TYPES)[number];
export type ContactSource = (typeof CONTACT_SOURCES)[number];
export type MarketingSource = (typeof MARKETING_SOURCES)[number];
export type UseCase = (typeof USE_CASES)[number];
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface ContactAddress {
  line_1: string | null;
  line_2: string | null;
  city: string | null;
  postal_code: string | null;
  state: string | null;
  country_alpha2: string | null;
}

export interface Contact {
  id: string;
  operatorId: string;
  email: string;
  fullName: string | null;
  phoneNumber: string | null;
  taxId: string | null;
  companyRegistrationNumber: string | null;
  address: ContactAddress | null;
  type: ContactType | null;
  source: ContactSource | null;
  marketingSource: MarketingSource | null;
  useCase: UseCase | null;
  status: ContactStatus;
  stripeCustomerId: string | null;
  identityCheck: { required: boolean; status: string };
  metadata: Metadata;
  /** Computed from the tenancies table, never stored. */
  tenanciesCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The writable fields, as the domain receives them (create: email required; update: all optional). */
export type ContactFields = Pick<
  Contact,
  | 'email'
  | 'fullName'
  | 'phoneNumber'
  | 'taxId'
  | 'companyRegistrationNumber'
  | 'address'
  | 'type'
  | 'source'
  | 'marketingSource'
  | 'useCase'
>;

export interface ContactFilter {
  emails?: string[];
  search?: string;
  /** Each list may contain `unspecified`, meaning "is null". */
  types?: string[];
  sources?: string[];
  marketingSources?: string[];
  useCases?: string[];
  statuses?: string[];
}
