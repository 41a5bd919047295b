import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { banners, csrfField, formatMoney, pager, type Banners } from './form-kit.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Invoice } from '../../domain/billing/invoice.ts';
import { CREDIT_NOTE_REASONS, type CreditNote } from '../../domain/billing/credit-note.ts';
import type { Contact } from '../../domain/contacts/contact.ts';
import type { DunningRow } from '../../storage/repos/invoices.repo.ts';
import type { LifecycleSettings } from '../../domain/operators/lifecycle-settings.ts';

/** The billing tabs: invoice statuses, overdue (the dashboard links it), failed payments (dunning), credit notes. */
export const BILLING_TABS = [
  ['', 'All invoices'],
  ['overdue', 'Overdue'],
  ['open', 'Open'],
  ['paid', 'Paid'],
  ['uncollectible', 'Uncollectible'],
  ['void', 'Void'],
  ['draft', 'Draft'],
  ['failed', 'Failed payments'],
] as const;

function tabs(current: string, creditNotes = false): Html {
  return html`<nav class="filters" aria-label="Billing">
    ${BILLING_TABS.map(
      ([value, label]) =>
        html`<a href="/backoffice/billing${value ? `?status=${value}` : ''}" ${!creditNotes && value === current ? html`aria-current="page"` : ''}>${label}</a>`,
    )}
    <a href="/backoffice/billing/credit-notes" ${creditNotes ? html`aria-current="page"` : ''}>Credit notes</a>
  </nav>`;
}

const contactLink = (contacts: Map<string, Contact>, id: string) => {
  const c = contacts.get(id);
  return html`<a href="/backoffice/contacts/${id}">${c ? (c.fullName ?? c.email) : id}</a>`;
};

export interface BillingPage extends Banners {
  session: StaffSession;
  csrf: string;
  currency: string;
  status: string;
  contactId: string;
  invoices: Invoice[];
  contacts: Map<string, Contact>;
  page: number;
  more: boolean;
  /** For the failed-payments tab. */
  dunning?: { rows: DunningRow[]; settings: LifecycleSettings };
}

function dunningCell(p: BillingPage, i: Invoice): Html {
  const d = p.dunning?.rows.find((r) => r.invoiceId === i.id);
  if (!d || !p.dunning) return html`—`;
  const tries = 1 + p.dunning.settings.dunningRetryDays.length;
  const next = d.retries[0];
  return html`attempt ${Math.min(d.attempts, tries)} of ${tries} failed;
    ${next ? html`next retry ${when(next.at)}` : html`no retry left`}${
      d.overlockAt ? html`; overlock ${when(d.overlockAt)}` : ''
    }`;
}

/** Invoices by status (overdue: unpaid and fallen due on the operator clock), or failed payments with dunning. */
export function billingPage(p: BillingPage): string {
  const failed = p.status === 'failed';
  const rows = p.invoices.map(
    (i) => html`<tr id="${i.id}">
      <td><a href="/backoffice/billing/invoices/${i.id}">${i.number}</a></td>
      <td>${contactLink(p.contacts, i.contactId)}</td>
      <td><span class="badge" data-status="${i.status}">${i.status}</span></td>
      <td>${formatMoney(i.total, p.currency)}</td>
      <td>${formatMoney(Math.max(0, i.amountDue - i.amountPaid - i.prePaymentCreditNotesAmount), p.currency)}</td>
      <td>${when(i.finalizedAt)}</td>
      ${failed ? html`<td data-dunning>${dunningCell(p, i)}</td>` : ''}
    </tr>`,
  );
  return layout(
    { title: 'Billing', session: p.session, csrf: p.csrf },
    html`<h1>Billing</h1>
      ${banners(p)}
      ${tabs(p.status)}
      ${
        failed && p.dunning
          ? html`<p class="lead">Retries ${p.dunning.settings.dunningRetryDays.length ? html`after ${p.dunning.settings.dunningRetryDays.join(', ')} days` : 'none'}; overlock ${p.dunning.settings.overlockAfterDays === null ? 'never' : html`${p.dunning.settings.overlockAfterDays} days after the invoice fell due`}.</p>`
          : ''
      }
      ${
        p.invoices.length
          ? html`<table id="invoices"><tr><th>Number</th><th>Contact</th><th>Status</th><th>Total</th><th>To pay</th><th>Fell due</th>${failed ? html`<th>Dunning</th>` : ''}</tr>${rows}</table>`
          : html`<p class="empty">No invoices here.</p>`
      }
      ${pager('/backoffice/billing', { status: p.status, contact_id: p.contactId }, p.page, p.more)}`,
  );
}

export interface InvoicePage extends Banners {
  session: StaffSession;
  csrf: string;
  currency: string;
  invoice: Invoice;
  contact: Contact | null;
  creditNotes: CreditNote[];
  refundable: number;
  canManage: boolean;
  dunning: { row: DunningRow | null; settings: LifecycleSettings };
  typed?: { amount?: string; reason?: string };
  /** The operator's billing add-on for this invoice's site (custom billing), if one is enabled. */
  billingAddon?: string | null;
}

const action = (csrf: string, path: string, label: string, cls: string, fields: Html | string = '') =>
  html`<form method="post" action="${path}" class="row">${csrfField(csrf)}${fields}<button type="submit" class="${cls}">${label}</button></form>`;

/** One invoice: lines, totals, credit notes, dunning, and the actions its status allows (refund and void: manager). */
export function invoicePage(p: InvoicePage): string {
  const i = p.invoice;
  const m = (n: number) => formatMoney(n, p.currency);
  const base = `/backoffice/billing/invoices/${i.id}`;
  const unpaid = i.status === 'open' || i.status === 'uncollectible';
  const t = p.typed ?? {};
  const actions: Html[] = [];
  if (unpaid) {
    actions.push(action(p.csrf, `${base}/retry`, 'Charge the card on file now', ''));
    if (p.billingAddon) actions.push(action(p.csrf, `${base}/charge-addon`, `Charge with ${p.billingAddon}`, ''));
    actions.push(action(p.csrf, `${base}/mark-paid`, 'Mark paid (taken in person)', 'primary'));
    if (p.canManage) actions.push(action(p.csrf, `${base}/void`, 'Void', 'danger'));
  }
  if (i.status === 'paid' && p.refundable > 0 && p.canManage)
    actions.push(html`<form method="post" action="${base}/refund" id="refund">
      ${csrfField(p.csrf)}
      <label for="refund-amount">Refund amount (empty: all ${m(p.refundable)} left)</label>
      <input type="text" id="refund-amount" name="amount" inputmode="decimal" value="${t.amount ?? ''}">
      <label for="refund-reason">Reason</label>
      <select id="refund-reason" name="reason">
        ${CREDIT_NOTE_REASONS.map((r) => html`<option value="${r}" ${r === (t.reason ?? 'other') ? html`selected` : ''}>${r.replace(/_/g, ' ')}</option>`)}
      </select>
      <div class="row"><button type="submit" class="danger">Refund as credit note</button></div>
    </form>`);
  const d = p.dunning.row;
  return layout(
    { title: `Invoice ${i.number}`, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/billing">Billing</a></nav>
      <h1>Invoice ${i.number} <span class="badge" id="invoice-status" data-status="${i.status}">${i.status}</span></h1>
      ${banners(p)}
      <section class="card">
        <table>
          <tr><th>Contact</th><td>${p.contact ? html`<a href="/backoffice/contacts/${p.contact.id}">${p.contact.fullName ?? p.contact.email}</a>` : i.contactId}</td></tr>
          <tr><th>Period</th><td>${when(i.periodStart)} – ${when(i.periodEnd)}</td></tr>
          <tr><th>Finalized</th><td>${when(i.finalizedAt)}</td></tr>
          <tr><th>Paid</th><td>${when(i.paidAt)}</td></tr>
          <tr><th>Voided</th><td>${when(i.voidedAt)}</td></tr>
          <tr><th>PDF</th><td><a href="${base}.pdf">${i.number}.pdf</a></td></tr>
        </table>
        ${actions.length ? actions : ''}
      </section>
      <section class="card" id="lines"><header><h2>Lines</h2></header>
        <table>
          <tr><th>Description</th><th>Qty</th><th>Price</th><th>Discount</th><th>Tax</th><th>Total</th></tr>
          ${i.lineItems.map((l) => html`<tr><td>${l.description}</td><td>${l.quantity}</td><td>${m(l.price)}</td><td>${m(l.discountTotal)}</td><td>${m(l.tax)}</td><td>${m(l.total)}</td></tr>`)}
          <tr><th colspan="5">Subtotal</th><td>${m(i.subtotal)}</td></tr>
          <tr><th colspan="5">Tax</th><td>${m(i.tax)}</td></tr>
          <tr><th colspan="5">Total</th><td id="invoice-total">${m(i.total)}</td></tr>
          <tr><th colspan="5">Paid</th><td>${m(i.amountPaid)}</td></tr>
          <tr><th colspan="5">Credited</th><td id="invoice-credited">${m(i.prePaymentCreditNotesAmount + i.postPaymentCreditNotesAmount)}</td></tr>
        </table>
      </section>
      ${
        unpaid
          ? html`<section class="card" id="dunning"><header><h2>Collection</h2></header>
            <p>${d ? html`${d.attempts} failed attempt${d.attempts === 1 ? '' : 's'} of ${1 + p.dunning.settings.dunningRetryDays.length}; ${d.retries[0] ? html`next retry ${when(d.retries[0].at)}` : 'no retry scheduled'}${d.overlockAt ? html`; units overlocked from ${when(d.overlockAt)}` : ''}.` : 'No collection attempt yet.'}</p>
          </section>`
          : ''
      }
      <section class="card" id="credit-notes"><header><h2>Credit notes</h2></header>${
        p.creditNotes.length
          ? html`<table><tr><th>Number</th><th>Type</th><th>Reason</th><th>Status</th><th>Total</th><th>PDF</th></tr>
            ${p.creditNotes.map((c) => html`<tr><td>${c.number}</td><td>${c.type.replace(/_/g, ' ')}</td><td>${c.reason.replace(/_/g, ' ')}</td><td><span class="badge" data-status="${c.status}">${c.status}</span></td><td>${m(c.total)}</td><td><a href="/backoffice/billing/credit-notes/${c.id}.pdf">PDF</a></td></tr>`)}</table>`
          : html`<p class="empty">None.</p>`
      }</section>`,
  );
}

/** Credit notes, newest first, each with its invoice and PDF. */
export function creditNotesPage(p: {
  session: StaffSession;
  csrf: string;
  currency: string;
  creditNotes: CreditNote[];
  invoices: Map<string, Invoice>;
  contacts: Map<string, Contact>;
  page: number;
  more: boolean;
}): string {
  const m = (n: number) => formatMoney(n, p.currency);
  return layout(
    { title: 'Credit notes', session: p.session, csrf: p.csrf },
    html`<h1>Billing</h1>
      ${tabs('', true)}
      ${
        p.creditNotes.length
          ? html`<table id="credit-notes"><tr><th>Number</th><th>Invoice</th><th>Contact</th><th>Reason</th><th>Status</th><th>Total</th><th>PDF</th></tr>
            ${p.creditNotes.map(
              (c) => html`<tr id="${c.id}">
                <td>${c.number}</td>
                <td><a href="/backoffice/billing/invoices/${c.invoiceId}">${p.invoices.get(c.invoiceId)?.number ?? c.invoiceId}</a></td>
                <td>${contactLink(p.contacts, c.contactId)}</td>
                <td>${c.reason.replace(/_/g, ' ')}</td>
                <td><span class="badge" data-status="${c.status}">${c.status}</span></td>
                <td>${m(c.total)}</td>
                <td><a href="/backoffice/billing/credit-notes/${c.id}.pdf">PDF</a></td>
              </tr>`,
            )}</table>`
          : html`<p class="empty">No credit notes.</p>`
      }
      ${pager('/backoffice/billing/credit-notes', {}, p.page, p.more)}`,
  );
}
