import { conflict, DomainError, notFound } from '../../kernel/errors.ts';
import type { Page, PageOf } from '../../kernel/listing.ts';
import { money } from '../../kernel/money.ts';
import { withTransaction, type Db } from '../../storage/database.ts';
import type { EventsService } from '../events/events.service.ts';
import * as repo from '../../storage/repos/contracts.repo.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findSubscriptions } from '../../storage/repos/subscriptions.repo.ts';
import { findUnitAllocations } from '../../storage/repos/unit-allocations.repo.ts';
import { findUnits } from '../../storage/repos/units.repo.ts';
import type { DocumentParties } from '../billing/billing-document.ts';
import type { OperatorContext } from '../context.ts';
import { fillContractBody } from './contract-body.ts';
import { hasPdf, type Contract } from './contract.ts';

export function contractsService({ db, events }: { db: Db; events: EventsService }) {
  async function get(ctx: OperatorContext, id: string): Promise<Contract> {
    const [c] = await repo.findContracts(db, ctx.operator.id, [id]);
    return c ?? notFound('contract', id);
  }
  return {
    list: (ctx: OperatorContext, page: Page, filter: repo.ContractFilter): Promise<PageOf<Contract>> =>
      repo.listContracts(db, ctx.operator.id, page, filter),
    findMany: (ctx: OperatorContext, ids: string[]) => repo.findContracts(db, ctx.operator.id, ids),
    get,

    /**
     * The customer signs (storefront; in the sandbox a control call): pending → signed at the operator's now,
     * announced as `contract.signed`; the PDF is available from then on. Any other status is a 409.
     */
    sign: (ctx: OperatorContext, id: string, signedBy?: string): Promise<Contract> =>
      withTransaction(db, async (tx) => {
        const [current] = await repo.findContracts(tx, ctx.operator.id, [id]);
        if (!current) notFound('contract', id);
        if (current.status !== 'pending')
          throw conflict(`Contract '${id}' is ${current.status}; only a pending contract can be signed.`);
        const [contact] = await findContacts(tx, ctx.operator.id, [current.contactId]);
        const by = signedBy ?? contact?.fullName ?? contact?.email ?? 'the customer';
        if (!(await repo.signPendingContract(tx, ctx.operator.id, id, ctx.now(), by)))
          throw conflict(`Contract '${id}' was signed by another request.`);
        const [signed] = await repo.findContracts(tx, ctx.operator.id, [id]);
        await events.emit(tx, ctx, 'contract.signed', signed);
        return signed;
      }),

    /**
     * A signed contract ready to print: its parties and its text with the template's placeholders filled
     * from the tenancy as it is now. Any other status has no document (406 invalid_format).
     */
    async document(ctx: OperatorContext, id: string): Promise<{ contract: Contract; text: string } & DocumentParties> {
      const contract = await get(ctx, id);
      if (!hasPdf(contract)) {
        throw new DomainError(
          'invalid_format',
          `Contract '${id}' is ${contract.status}: only signed contracts are available as PDF.`,
        );
      }
      const op = ctx.operator.id;
      const [contact] = await findContacts(db, op, [contract.contactId]);
      const [site] = await findSites(db, op, [contract.siteId]);
      const [tenancy] = await findTenancies(db, op, [contract.tenancyId]);
      const [subscription] = tenancy?.subscriptionId ? await findSubscriptions(db, op, [tenancy.subscriptionId]) : [];
      const allocations = await findUnitAllocations(db, op, tenancy?.unitAllocationIds ?? []);
      const units = await findUnits(
        db,
        op,
        allocations.map((a) => a.unitId),
      );
      const perPeriod = subscription?.lineItems.reduce((n, l) => n + l.price * l.quantity, 0);
      const text = fillContractBody(contract.body, {
        'operator.name': ctx.operator.name,
        'contact.full_name': contact?.fullName,
        'contact.email': contact?.email,
        'contact.company_registration_number': contact?.companyRegistrationNumber,
        'site.name': site?.name,
        'unit.reference_id': units
          .map((u) => u.referenceId)
          .sort()
          .join(', '),
        'subscription.price': perPeriod == null ? null : money(perPeriod, ctx.operator.currency).formatted,
      });
      return { contract, text, contact: contact ?? null, site: site ?? null };
    },
  };
}
