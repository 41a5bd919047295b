import { conflict, invalidContent, notFound } from '../../kernel/errors.ts';
import { randomBytes } from '../../kernel/ids.ts';
import { minorUnitDigits } from '../../kernel/money.ts';
import type { Db } from '../../storage/database.ts';
import * as api from '../../storage/repos/addon-api.repo.ts';
import * as payments from '../../storage/repos/addon-payments.repo.ts';
import { findInvoices } from '../../storage/repos/invoices.repo.ts';
import type { InvoiceActionsService } from '../billing/invoice-actions.service.ts';
import { localDate } from '../lifecycle/local-time.ts';
import { relatedTypeOf } from '../references/references.ts';
import { withTransaction } from '../../storage/database.ts';
import type { OperatorContext } from '../context.ts';
import type { AddonInstall, CustomFieldModel } from './addon.ts';
import type { AddonsService } from './addons.service.ts';
import { TASK_RESOURCE_TYPES } from '../tasks/task.ts';

/** What one add-on API list call asks for (the Storeganise conventions). */
export interface AddonListQuery {
  limit: number;
  offset: number;
  updatedAfter?: Date;
  ids?: string[];
}

/** Storeganise `targetType` of a task → the record kinds Lockyard tasks relate to. */
const TARGET_TYPES: Record<string, string> = { unit: 'unit', user: 'contact', unitRental: 'tenancy' };

/**
 * The reads and writes behind the add-on API, always inside one install's reach: its operator, and its site for a
 * site-level install. Another operator's (or site's) record is `resource_not_found`.
 */
export function addonApiService({
  db,
  addons,
  invoiceActions,
}: {
  db: Db;
  addons: AddonsService;
  invoiceActions: Pick<InvoiceActionsService, 'applyPayment'>;
}) {
  const scope = (install: AddonInstall, q: AddonListQuery) => ({
    operatorId: install.operatorId,
    siteId: install.siteId,
    ...q,
  });
  const one = async <T>(rows: Promise<T[]>, kind: string, id: string): Promise<T> =>
    (await rows)[0] ?? notFound(kind, id);
  const byId = { limit: 1, offset: 0 };
  const invoice = (i: AddonInstall, id: string) =>
    one(api.listInvoices(db, scope(i, { ...byId, ids: [id] })), 'invoice', id);

  return {
    rentals: (i: AddonInstall, q: AddonListQuery & { ownerId?: string; unitId?: string }) =>
      api.listRentals(db, scope(i, q)),
    rental: (i: AddonInstall, id: string) => one(api.listRentals(db, scope(i, { ...byId, ids: [id] })), 'tenancy', id),
    units: (i: AddonInstall, q: AddonListQuery) => api.listUnits(db, scope(i, q)),
    unit: (i: AddonInstall, id: string) => one(api.listUnits(db, scope(i, { ...byId, ids: [id] })), 'unit', id),
    sites: (i: AddonInstall, q: AddonListQuery) => api.listSites(db, scope(i, q)),
    site: (i: AddonInstall, idOrCode: string) =>
      one(api.listSites(db, { ...scope(i, byId), ids: [idOrCode], codes: [idOrCode] }), 'site', idOrCode),
    users: (i: AddonInstall, q: AddonListQuery) => api.listUsers(db, scope(i, q)),
    user: (i: AddonInstall, idOrEmail: string) =>
      one(api.listUsers(db, { ...scope(i, byId), ids: [idOrEmail], emails: [idOrEmail] }), 'contact', idOrEmail),
    invoices: (i: AddonInstall, q: AddonListQuery & { ownerId?: string }) => api.listInvoices(db, scope(i, q)),
    invoice,

    /**
     * `POST invoices/{id}/payments`: a payment the add-on took (a billing add-on settling a `processing` charge).
     * Paying what is left marks the invoice paid. A `reference` the add-on recorded already is the same answer
     * again when it names the same invoice and amount (a retried call), a conflict otherwise.
     */
    async recordPayment(ctx: OperatorContext, install: AddonInstall, invoiceId: string, body: unknown) {
      const p = paymentBody(body, ctx);
      const created = await withTransaction(db, async (tx) => {
        const [row] = await api.listInvoices(tx, scope(install, { ...byId, ids: [invoiceId] }));
        const [inv] = row ? await findInvoices(tx, install.operatorId, [row.id]) : [];
        if (!inv) notFound('invoice', invoiceId);
        if (p.reference) {
          const seen = await payments.findAddonPaymentByReference(tx, install.id, p.reference);
          if (seen && seen.invoiceId === inv.id && seen.amount === p.amount) return false;
          if (seen) throw conflict(`Payment '${p.reference}' was recorded already, on invoice '${seen.invoiceId}'.`);
        }
        if (inv.status !== 'open' && inv.status !== 'uncollectible')
          throw conflict(`Invoice '${inv.id}' is ${inv.status}; a payment requires status open or uncollectible.`);
        const left = inv.total - inv.prePaymentCreditNotesAmount - inv.amountPaid;
        if (p.amount > left) throw invalidContent('/amount', `is more than the invoice still asks (${p.major(left)})`);
        const inserted = await payments.insertAddonPayment(tx, {
          id: randomBytes(12).toString('hex'),
          operatorId: install.operatorId,
          invoiceId: inv.id,
          addonId: install.id,
          reference: p.reference,
          type: p.type,
          method: p.method,
          amount: p.amount,
          date: p.date,
          notes: p.notes,
          createdAt: ctx.now(),
        });
        if (!inserted) throw conflict(`Payment '${p.reference}' was recorded already.`);
        await invoiceActions.applyPayment(tx, ctx, inv, p.amount);
        return true;
      });
      return { created, invoice: await invoice(install, invoiceId) };
    },

    /** The payments add-ons recorded on an invoice (the `payments` of the reference's invoice shape). */
    payments: (install: AddonInstall, invoiceId: string) =>
      payments.listAddonPayments(db, install.operatorId, invoiceId),

    /** The values the calling add-on may read (its context names it: addonPrincipal). */
    customFields: (ctx: OperatorContext, model: CustomFieldModel, ids: string[]) =>
      addons.customFieldsOf(db, ctx, model, ids, ctx.principal.applicationId ?? ''),

    /** `PUT …/{id}` `{customFields}`: merge-write on a record the install can reach. */
    writeCustomFields: (
      ctx: OperatorContext,
      install: AddonInstall,
      model: CustomFieldModel,
      record: { id: string; siteId: string | null },
      patch: unknown,
    ) => addons.writeCustomFields(ctx, model, record, patch, install.id),

    /** `POST jobs` `{type: "task", data: {targetType, targetId, title, desc}}`: an open operator task. */
    async createTask(ctx: OperatorContext, install: AddonInstall, body: unknown) {
      const b = (body ?? {}) as { type?: unknown; data?: Record<string, unknown> };
      if (b.type !== 'task') throw invalidContent('/type', 'only "task" jobs can be created by add-ons');
      const data = b.data ?? {};
      if (typeof data.title !== 'string' || !data.title.trim()) throw invalidContent('/data/title', 'is required');
      const desc = data.desc == null ? null : String(data.desc);
      let resourceId: string | null = null;
      const kind = typeof data.targetType === 'string' ? TARGET_TYPES[data.targetType] : undefined;
      if (kind && typeof data.targetId === 'string' && data.targetId) {
        // Only a record of this install's operator: anything else is not found, as on every other route.
        const type = await withTransaction(db, (tx) =>
          relatedTypeOf(tx, ctx.operator.id, data.targetId as string, TASK_RESOURCE_TYPES, '/data/targetId'),
        );
        if (type !== kind) throw invalidContent('/data/targetId', `is not a ${data.targetType}`);
        resourceId = data.targetId as string;
      }
      const target = data.targetType === 'addon' ? `\n\n(add-on ${install.id})` : '';
      return addons.createTask(ctx, {
        title: data.title.slice(0, 255),
        desc: desc === null && !target ? null : `${desc ?? ''}${target}`.trim(),
        resourceId,
      });
    },
  };
}

/** A payment's `date` when none is given: the operator's today, `YYYY-MM-DD`. */
export const paymentDay = (ctx: OperatorContext) =>
  localDate(ctx.now(), ctx.operator.timezone)
    .map((n) => String(n).padStart(2, '0'))
    .join('-');

const PAYMENT_TYPES = ['manual', 'custom'];
const PAYMENT_METHODS = ['cash', 'card', 'cheque', 'transfer', 'other'];

/** `{amount, type?, method?, date?, notes?, reference?}`: amount in major units, as the reference's shapes. */
function paymentBody(body: unknown, ctx: OperatorContext) {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidContent('', 'the request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const digits = minorUnitDigits(ctx.operator.currency);
  const scaled = typeof b.amount === 'number' ? b.amount * 10 ** digits : NaN;
  const amount = Math.round(scaled);
  if (!Number.isFinite(scaled) || amount <= 0 || amount > 2_147_483_647 || Math.abs(scaled - amount) > 1e-6)
    throw invalidContent('/amount', `must be a positive amount in ${ctx.operator.currency} (major units)`);
  const oneOf = (k: string, allowed: string[], def: string) => {
    if (b[k] === undefined) return def;
    if (typeof b[k] !== 'string' || !allowed.includes(b[k])) throw invalidContent(`/${k}`, `is not one of: ${allowed}`);
    return b[k];
  };
  const text = (k: string, max: number) => {
    if (b[k] === undefined || b[k] === null) return null;
    if (typeof b[k] !== 'string' || !b[k].trim() || b[k].length > max)
      throw invalidContent(`/${k}`, `must be a string of 1 to ${max} characters`);
    return b[k];
  };
  let date: string;
  if (b.date === undefined) date = paymentDay(ctx);
  else if (typeof b.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b.date) && !Number.isNaN(Date.parse(b.date)))
    date = b.date;
  else throw invalidContent('/date', 'must be a date YYYY-MM-DD');
  return {
    amount,
    type: oneOf('type', PAYMENT_TYPES, 'manual'),
    method: oneOf('method', PAYMENT_METHODS, 'other'),
    date,
    notes: text('notes', 1000),
    reference: text('reference', 255),
    major: (minor: number) => minor / 10 ** digits,
  };
}

export type AddonApiService = ReturnType<typeof addonApiService>;
