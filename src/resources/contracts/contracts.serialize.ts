import { isShowable, type Contract } from '../../domain/contracts/contract.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { RenderEnv } from '../../http/context.ts';

export function serializeContract(_env: RenderEnv, c: Contract) {
  return {
    id: c.id,
    // The storefront page exists while the customer can still see the contract (not voided or deleted).
    _links: isShowable(c) ? { 'sf:show_contract': { href: `/contracts/${c.id}`, title: 'Show contract' } } : {},
    contact: { id: c.contactId },
    contract_template: { id: c.contractTemplateId },
    created_at: isoSeconds(c.createdAt),
    name: c.name,
    sent_at: isoSeconds(c.sentAt),
    signed_at: isoSeconds(c.signedAt),
    status: c.status,
    tenancy: { id: c.tenancyId },
    updated_at: isoSeconds(c.updatedAt),
  };
}
