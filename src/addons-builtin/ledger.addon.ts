import { stringify } from 'csv-stringify/sync';
import type { LedgerRow } from '../storage/repos/builtin-addons.repo.ts';
import type { AddonApiClient, Envelope } from './addon-client.ts';
import type { BuiltinAddon } from './builtin-addon.ts';

/** The columns of the export, in order (an accounting import maps them once). */
export const LEDGER_COLUMNS = [
  'occurred_at',
  'event',
  'invoice_id',
  'invoice_number',
  'state_from',
  'state_to',
  'site_id',
  'customer_id',
  'customer_name',
  'currency',
  'total',
  'amount_paid',
  'balance',
  'account_code',
] as const;

/**
 * The CSV/accounting export as an add-on (docs/addons.md): on each invoice event it reads the invoice through the
 * add-on API (so it sees exactly what its install may: its operator, and its site when installed for one) and
 * records a row; the operator downloads the rows as CSV from the add-on's page.
 */
export const ledgerAddon: BuiltinAddon = {
  code: 'csv-export',
  definitionId: 'addon_10c4ad000000000000000002',
  definition: (webhookUrl) => ({
    name: 'Lockyard CSV export',
    description: 'Records every invoice state change and payment for your accounting, downloadable as CSV.',
    setupInstructions:
      'Install for the operator or for one site, set the account code your ledger books invoices to, then enable.',
    level: 'operator',
    webhookUrl,
    events: ['invoice.created', 'invoice.state.updated', 'invoice.payments.updated'],
    customFields: [{ code: 'ledger_accountCode', title: { en: 'Account code' }, type: 'string' }],
    webtasks: {},
  }),

  async handle(env: Envelope, sg: AddonApiClient, store) {
    const addon = await sg.get(`addons/${env.addonId}`);
    const inv = await sg.get(`invoices/${env.data.invoiceId}`);
    const recorded = await store.record({
      addonId: env.addonId,
      envelopeId: env.id,
      eventType: env.type,
      occurredAt: env.created,
      invoiceId: inv.id,
      data: {
        invoice_number: inv.sid ?? null,
        state_from: env.data.from ?? null,
        state_to: env.data.to ?? inv.state,
        site_id: inv.siteId ?? null,
        customer_id: inv.ownerId ?? null,
        customer_name: inv.owner?.name ?? null,
        currency: inv.currency ?? null,
        total: inv.total,
        amount_paid: inv.amountPaid,
        balance: inv.balance,
        account_code: addon.customFields?.ledger_accountCode ?? null,
      },
    });
    return recorded ? `recorded ${env.type} ${inv.id}` : `seen ${env.id}`;
  },
};

/** A text cell a spreadsheet would run as a formula is written as text (CSV injection). */
const safe = (v: string | number | null) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ''));

export function ledgerCsv(rows: LedgerRow[]): string {
  return stringify(
    rows.map((r) => {
      const all: Record<string, string | number | null> = {
        ...r.data,
        occurred_at: r.occurredAt,
        event: r.eventType,
        invoice_id: r.invoiceId,
      };
      return LEDGER_COLUMNS.map((c) => safe(all[c] ?? null));
    }),
    { header: true, columns: [...LEDGER_COLUMNS] },
  );
}
