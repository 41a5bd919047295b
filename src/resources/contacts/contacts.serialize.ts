import type { Contact } from '../../domain/contacts/contact.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeContact(_env: RenderEnv, c: Contact) {
  const a = c.address;
  return {
    id: c.id,
    address: a
      ? {
          city: a.city,
          country_alpha2: a.country_alpha2,
          line_1: a.line_1,
          line_2: a.line_2,
          postal_code: a.postal_code,
          state: a.state,
        }
      : null,
    company_registration_number: c.companyRegistrationNumber,
    created_at: isoSeconds(c.createdAt),
    email: c.email,
    full_name: c.fullName,
    identity_check: { required: c.identityCheck.required, status: c.identityCheck.status },
    marketing_source: c.marketingSource,
    // Written order, as the client sent the keys.
    metadata: { ...c.metadata },
    phone_number: c.phoneNumber,
    source: c.source,
    status: c.status,
    stripe_customer_id: c.stripeCustomerId,
    tax_id: c.taxId,
    tenancies_count: c.tenanciesCount,
    type: c.type,
    updated_at: isoSeconds(c.updatedAt),
    use_case: c.useCase,
  };
}
