import { conflict, notFound } from '../../kernel/errors.ts';
import type { Handle } from '../../storage/database.ts';
import { findContacts } from '../../storage/repos/contacts.repo.ts';
import { findInvoices } from '../../storage/repos/invoices.repo.ts';
import { findSites } from '../../storage/repos/sites.repo.ts';
import { findTenancies } from '../../storage/repos/tenancies.repo.ts';
import { findUnitTypes } from '../../storage/repos/unit-types.repo.ts';
import { findUnits } from '../../storage/repos/units.repo.ts';
import type { OperatorContext } from '../context.ts';
import type { CustomFieldModel } from './addon.ts';

/** The Lockyard record a custom-field model names, as the API calls it (for not-found messages). */
const KIND: Record<CustomFieldModel, string> = {
  unitRental: 'tenancy',
  unit: 'unit',
  user: 'contact',
  site: 'site',
  unitType: 'unit_type',
  invoice: 'invoice',
  business: 'operator',
};

/**
 * The record a custom field is written on, checked to be the operator's (another operator's is not found), with
 * its site (site-level installs hear only their own site's `unitRental.updated`).
 */
export async function customFieldRecord(
  h: Handle,
  ctx: OperatorContext,
  model: CustomFieldModel,
  id: string,
): Promise<{ id: string; siteId: string | null }> {
  const op = ctx.operator.id;
  const found = await (async (): Promise<{ siteId: string | null } | undefined> => {
    switch (model) {
      case 'unitRental':
        return (await findTenancies(h, op, [id]))[0];
      case 'unit':
        return (await findUnits(h, op, [id]))[0];
      case 'unitType':
        return (await findUnitTypes(h, op, [id]))[0];
      case 'invoice':
        return (await findInvoices(h, op, [id]))[0];
      case 'site':
        return (await findSites(h, op, [id]))[0] ? { siteId: id } : undefined;
      case 'user':
        return (await findContacts(h, op, [id]))[0] ? { siteId: null } : undefined;
      case 'business':
        return id === op ? { siteId: null } : undefined;
    }
  })();
  if (!found) notFound(KIND[model], id);
  return { id, siteId: found.siteId };
}

/** An operator-defined field may not take a code an add-on (or the operator) already uses on that model. */
export function codeTaken(model: CustomFieldModel, code: string): never {
  throw conflict(`A custom field '${code}' is already defined on ${model}.`);
}
