import { DomainError, notFound } from '../../kernel/errors.ts';
import type { Db } from '../../storage/database.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findPaymentMethod } from '../../storage/repos/payment-methods.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { unitsOfTenancy } from '../../storage/repos/units.repo.ts';
import { accessGrantsOfUnits } from '../../storage/repos/portal.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { Contact } from '../contacts/contact.ts';
import type { Contract } from '../contracts/contract.ts';
import type { contractsService } from '../contracts/contracts.service.ts';
import type { IdentityVerification } from '../identity/identity-verification.ts';
import type { Invoice } from '../billing/invoice.ts';
import type { Subscription } from '../billing/subscription.ts';
import type { Tenancy } from '../billing/tenancy.ts';
import type { Site } from '../catalogue/site.ts';
import type { Unit } from '../catalogue/unit.ts';
import type { PaymentMethodOnFile } from '../lifecycle/payment-method.ts';
import type { LifecycleService } from '../lifecycle/lifecycle.service.ts';
import type { invoicesService } from '../billing/invoices.service.ts';
import type { subscriptionsService } from '../billing/subscriptions.service.ts';
import type { identityVerificationsService } from '../identity/identity-verifications.service.ts';

import type { AddonsService } from '../addons/addons.service.ts';
import type { CustomFieldDef } from '../addons/addon.ts';

type ContractsService = ReturnType<typeof contractsService>;
type InvoicesService = ReturnType<typeof invoicesService>;
type SubscriptionsService = ReturnType<typeof subscriptionsService>;
type IdentityVerificationsService = ReturnType<typeof identityVerificationsService>;

/** A custom field the customer may see (`ownerAcl` read) or change (write); secret ones never. */
export interface PortalField {
  def: CustomFieldDef;
  value: unknown;
  writable: boolean;
}

export interface PortalRental {
  subscription: Subscription;
  /** The rental's (tenancy's) custom fields the customer may see. */
  customFields: PortalField[];
  tenancy: Tenancy | null;
  site: Site | null;
  unitTypeName: string | null;
  /** Each unit with its access-control state (the lifecycle's provider), when there is one. */
  units: Array<{ unit: Unit; access: { state: string; code: string | null; reason: string } | null }>;
}

export interface PortalOverview {
  contact: Contact;
  /** The contact's own custom fields the customer may see. */
  customFields: PortalField[];
  paymentMethod: PaymentMethodOnFile | null;
  rentals: PortalRental[];
  invoices: Invoice[];
  contracts: Contract[];
  identityVerification: IdentityVerification | null;
}

const FIRST_100 = { page: 1, limit: 100, sortBy: 'created_at', direction: 'desc' as const };

/**
 * What a signed-in customer sees and does in the portal. Every call takes a context whose principal is the
 * portal bound to one contact (`portalPrincipal`); everything read or changed is checked to be that contact's
 * own, and anything else is `resource_not_found`, as another operator's resource is to the API.
 */
export function portalService(deps: {
  db: Db;
  lifecycle: LifecycleService;
  contracts: ContractsService;
  invoices: InvoicesService;
  subscriptions: SubscriptionsService;
  identityVerifications: IdentityVerificationsService;
  addons: AddonsService;
}) {
  const { db, lifecycle, contracts, invoices, subscriptions, identityVerifications, addons } = deps;

  /** The fields of one record the customer may see, per each field's `ownerAcl`. */
  async function visibleFields(ctx: OperatorContext, model: 'user' | 'unitRental', id: string) {
    const { defs, values } = await addons.recordFields(ctx, model, id);
    return defs
      .filter((d) => !d.secret && (d.ownerAcl === 'read' || d.ownerAcl === 'write'))
      .map((def) => ({ def, value: values[def.code] ?? null, writable: def.ownerAcl === 'write' && !def.readOnly }));
  }
  const op = (ctx: OperatorContext) => ctx.operator.id;

  /** The signed-in contact; any other principal is refused. */
  function me(ctx: OperatorContext): string {
    const id = ctx.principal.system === 'portal' ? ctx.principal.contactId : null;
    if (!id) throw new DomainError('forbidden', 'Only a customer signed in to the portal may do this.');
    return id;
  }

  async function ownSubscription(ctx: OperatorContext, id: string): Promise<Subscription> {
    const sub = await subscriptions.get(ctx, id);
    if (sub.contactId !== me(ctx)) notFound('subscription', id);
    return sub;
  }

  return {
    me,

    async overview(ctx: OperatorContext): Promise<PortalOverview> {
      const contactId = me(ctx);
      const [contact] = await findContacts(db, op(ctx), [contactId]);
      if (!contact) notFound('contact', contactId);
      const subs = (await subscriptions.list(ctx, FIRST_100, { contactIds: [contactId] })).items;
      const tenancies = new Map(
        (
          await findTenancies(
            db,
            op(ctx),
            subs.map((s) => s.tenancyId),
          )
        ).map((t) => [t.id, t]),
      );
      const sites = new Map(
        (await findSites(db, op(ctx), [...new Set(subs.map((s) => s.siteId))])).map((s) => [s.id, s]),
      );
      const typeIds = [...tenancies.values()].map((t) => t.unitTypeId).filter((id): id is string => !!id);
      const types = new Map((await findUnitTypes(db, op(ctx), [...new Set(typeIds)])).map((u) => [u.id, u.name]));
      const rentals: PortalRental[] = [];
      for (const subscription of subs) {
        const tenancy = tenancies.get(subscription.tenancyId) ?? null;
        const units = tenancy ? await unitsOfTenancy(db, op(ctx), tenancy.id) : [];
        const grants = await accessGrantsOfUnits(
          db,
          op(ctx),
          units.map((u) => u.id),
        );
        rentals.push({
          subscription,
          customFields: tenancy ? await visibleFields(ctx, 'unitRental', tenancy.id) : [],
          tenancy,
          site: sites.get(subscription.siteId) ?? null,
          unitTypeName: tenancy?.unitTypeId ? (types.get(tenancy.unitTypeId) ?? null) : null,
          units: units.map((unit) => {
            const g = grants.get(unit.id);
            // Only this contact's own grant is shown, with its code.
            return {
              unit,
              access: g && g.contactId === contactId ? { state: g.state, code: g.code, reason: g.reason } : null,
            };
          }),
        });
      }
      const checks = await identityVerifications.list(ctx, { ...FIRST_100, limit: 1 }, { contactIds: [contactId] }, {});
      return {
        contact,
        customFields: await visibleFields(ctx, 'user', contactId),
        paymentMethod: await findPaymentMethod(db, op(ctx), contactId),
        rentals,
        invoices: (await invoices.list(ctx, FIRST_100, { contactIds: [contactId] }, {})).items,
        contracts: (await contracts.list(ctx, FIRST_100, { contactIds: [contactId] })).items,
        identityVerification: checks.items[0] ?? null,
      };
    },

    /** The invoice as a printable document, if it is this contact's. */
    async invoiceDocument(ctx: OperatorContext, id: string) {
      const doc = await invoices.document(ctx, id);
      if (doc.invoice.contactId !== me(ctx)) notFound('invoice', id);
      return doc;
    },

    /** A new sandbox test card replaces the one on file. */
    updateCard: (ctx: OperatorContext, cardNumber: string) => lifecycle.attachCard(ctx, me(ctx), cardNumber),

    async giveNotice(ctx: OperatorContext, subscriptionId: string, endsAt: Date, reason: string | null) {
      await ownSubscription(ctx, subscriptionId);
      return lifecycle.giveNotice(ctx, subscriptionId, { endsAt, reason });
    },

    async signContract(ctx: OperatorContext, contractId: string): Promise<Contract> {
      const contract = await contracts.get(ctx, contractId);
      if (contract.contactId !== me(ctx)) notFound('contract', contractId);
      return contracts.sign(ctx, contractId);
    },

    /** A signed contract's document, if it is this contact's. */
    async contractDocument(ctx: OperatorContext, contractId: string) {
      const contract = await contracts.get(ctx, contractId);
      if (contract.contactId !== me(ctx)) notFound('contract', contractId);
      return contracts.document(ctx, contractId);
    },

    startIdentityVerification: (ctx: OperatorContext) => identityVerifications.start(ctx, me(ctx)),

    /**
     * The customer changes custom fields on their own contact or rental: only fields whose `ownerAcl` is write;
     * anything else, or another contact's record, is refused as the API would.
     */
    async writeCustomFields(ctx: OperatorContext, model: string, id: string, values: Record<string, string>) {
      const contactId = me(ctx);
      if (model === 'user') {
        if (id !== contactId) notFound('contact', id);
      } else if (model === 'unitRental') {
        const [t] = await findTenancies(db, op(ctx), [id]);
        if (!t || t.contactId !== contactId) notFound('tenancy', id);
      } else notFound('custom_field', model);
      const fields = await visibleFields(ctx, model, id);
      const patch: Record<string, unknown> = {};
      for (const [code, raw] of Object.entries(values)) {
        const f = fields.find((x) => x.def.code === code);
        if (!f?.writable) throw new DomainError('forbidden', `You cannot change '${code}'.`);
        patch[code] = raw.trim() === '' ? null : raw.trim();
      }
      await addons.writeCustomFields(ctx, model, id, patch, null);
    },
  };
}

export type PortalService = ReturnType<typeof portalService>;
