import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { banners, csrfField, formatMoney, pager, type Banners } from './form-kit.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { CONTACT_SOURCES, CONTACT_TYPES, type Contact } from '../../domain/contacts/contact.ts';
import type { Tenancy } from '../../domain/billing/tenancy.ts';
import type { Subscription } from '../../domain/billing/subscription.ts';
import type { Invoice } from '../../domain/billing/invoice.ts';
import type { Unit } from '../../domain/catalogue/unit.ts';
import type { Deal } from '../../domain/deals/deal.ts';
import type { Task } from '../../domain/tasks/task.ts';
import type { Note } from '../../domain/notes/note.ts';
import type { PaymentMethodOnFile } from '../../domain/lifecycle/payment-method.ts';
import type { TimelineLine } from '../../domain/timeline/timeline-events.service.ts';

export interface ContactsPage extends Banners {
  session: StaffSession;
  csrf: string;
  contacts: Contact[];
  q: string;
  page: number;
  more: boolean;
  /** What was typed into the new-contact form (kept on error). */
  typed?: Record<string, string>;
}

const selectOptions = (values: readonly string[], chosen: string | undefined, blank: string) =>
  html`<option value="">${blank}</option>${values.map(
    (v) => html`<option value="${v}" ${v === chosen ? html`selected` : ''}>${v.replace(/_/g, ' ')}</option>`,
  )}`;

/** Contacts: search by name, email or phone, paged; a new contact (a lead) from the form beside. */
export function contactsPage(p: ContactsPage): string {
  const t = p.typed ?? {};
  const rows = p.contacts.map(
    (c) => html`<tr>
      <td><a href="/backoffice/contacts/${c.id}">${c.fullName ?? c.email}</a></td>
      <td class="mono">${c.email}</td>
      <td>${c.phoneNumber ?? '—'}</td>
      <td><span class="badge" data-status="${c.status}">${c.status}</span></td>
      <td>${c.tenanciesCount}</td>
    </tr>`,
  );
  return layout(
    { title: 'Contacts', session: p.session, csrf: p.csrf },
    html`<h1>Contacts</h1>
      ${banners(p)}
      <form method="get" action="/backoffice/contacts" class="row" role="search">
        <label for="q" class="inline">Search</label>
        <input type="search" id="q" name="q" value="${p.q}" placeholder="Name, email or phone">
        <button type="submit" class="small">Search</button>
      </form>
      ${
        p.contacts.length
          ? html`<table id="contacts">
            <tr><th>Name</th><th>Email</th><th>Phone</th><th>Status</th><th>Tenancies</th></tr>
            ${rows}
          </table>`
          : html`<p class="empty">${p.q ? `No contact matches “${p.q}”.` : 'No contacts yet.'}</p>`
      }
      ${pager('/backoffice/contacts', { q: p.q }, p.page, p.more)}
      <section class="card" id="new-contact">
        <header><h2>New contact</h2><p>A lead until they book.</p></header>
        <form method="post" action="/backoffice/contacts">
          ${csrfField(p.csrf)}
          <label for="email">Email</label>
          <input type="email" id="email" name="email" value="${t.email ?? ''}" required>
          <label for="full_name">Full name</label>
          <input type="text" id="full_name" name="full_name" value="${t.full_name ?? ''}">
          <label for="phone_number">Phone</label>
          <input type="text" id="phone_number" name="phone_number" value="${t.phone_number ?? ''}">
          <label for="type">Type</label>
          <select id="type" name="type">${selectOptions(CONTACT_TYPES, t.type, 'not set')}</select>
          <label for="source">Source</label>
          <select id="source" name="source">${selectOptions(CONTACT_SOURCES, t.source ?? 'walkin', 'not set')}</select>
          <div class="row"><button type="submit" class="primary">Create contact</button></div>
        </form>
      </section>`,
  );
}

export interface Rental {
  tenancy: Tenancy;
  subscription: Subscription | null;
  siteName: string;
  unitTypeName: string;
  units: Unit[];
  /** Available units of the rental's type at its site (move-in or transfer targets). */
  availableUnits?: Unit[];
}

export interface ContactPage extends Banners {
  session: StaffSession;
  csrf: string;
  contact: Contact;
  currency: string;
  rentals: Rental[];
  /** Forms for a rental (move-in, transfer, notice) from the bookings section, when it renders them. */
  rentalActions?: (csrf: string, r: Rental) => Html;
  invoices: Invoice[];
  paymentMethod: PaymentMethodOnFile | null;
  deals: Array<{ deal: Deal; stageName: string }>;
  tasks: Task[];
  notes: Note[];
  timeline: TimelineLine[];
  /** The note being written when it was refused. */
  typedNote?: string;
  /** The contact's custom fields (`customFieldsPanel`), when the route includes them. */
  customFields?: Html;
}

function rentalsSection(p: ContactPage): Html {
  if (!p.rentals.length)
    return html`<p class="empty">No tenancies. <a href="/backoffice/bookings?contact_id=${p.contact.id}">Start a booking</a></p>`;
  return html`${p.rentals.map(
    (r) => html`<article class="rental" id="${r.tenancy.id}">
      <table>
        <tr><th>Tenancy</th><td class="mono">${r.tenancy.id}</td></tr>
        <tr><th>Site · unit type</th><td>${r.siteName} · ${r.unitTypeName}</td></tr>
        <tr><th>Units</th><td>${
          r.units.length
            ? r.units.map(
                (u) =>
                  html`<a href="/backoffice/units/${u.id}">${u.referenceId}</a> <span class="badge" data-status="${u.status}">${u.status}</span> `,
              )
            : html`<span class="quiet">none allocated</span>`
        }</td></tr>
        <tr><th>Starts</th><td>${when(r.tenancy.startsAt)}</td></tr>
        <tr><th>Ends</th><td>${r.subscription?.cancelled ? html`${when(r.tenancy.endsAt)} (notice given)` : when(r.tenancy.endsAt)}</td></tr>
        <tr><th>Billing</th><td>${r.subscription ? html`${r.subscription.billingPeriod.replace(/_/g, ' ')}, ${r.subscription.lineItems.map((l) => formatMoney(l.price * l.quantity, p.currency)).join(' + ')}` : '—'}</td></tr>
      </table>
      ${p.rentalActions ? p.rentalActions(p.csrf, r) : ''}
    </article>`,
  )}`;
}

function invoicesSection(p: ContactPage): Html {
  if (!p.invoices.length) return html`<p class="empty">No invoices.</p>`;
  return html`<table id="contact-invoices">
    <tr><th>Number</th><th>Status</th><th>Total</th><th>Period</th><th>Finalized</th></tr>
    ${p.invoices.map(
      (i) => html`<tr>
        <td><a href="/backoffice/billing/invoices/${i.id}">${i.number}</a></td>
        <td><span class="badge" data-status="${i.status}">${i.status}</span></td>
        <td>${formatMoney(i.total, p.currency)}</td>
        <td>${i.periodStart ? when(i.periodStart).slice(0, 10) : '—'} – ${i.periodEnd ? when(i.periodEnd).slice(0, 10) : ''}</td>
        <td>${when(i.finalizedAt)}</td>
      </tr>`,
    )}
  </table>`;
}

/** The contact's own timeline: what partner apps recorded, each with its source ("… via <application>"). */
export function timelineSection(lines: TimelineLine[]): Html {
  if (!lines.length) return html`<p class="empty">Nothing recorded yet.</p>`;
  return html`<ol class="timeline">
    ${lines.map(
      (l) => html`<li id="${l.event.id}">
        <strong>${l.source}</strong> ${l.text}
        ${l.event.description ? html`<br><span class="quiet">${l.event.description}</span>` : ''}
        ${l.event.external?.url ? html` <a href="${l.event.external.url}" rel="noopener noreferrer">open</a>` : ''}
        <br><time datetime="${isoSeconds(l.event.createdAt)}">${isoSeconds(l.event.createdAt)}</time>
      </li>`,
    )}
  </ol>`;
}

/** A contact's file: details, rentals, invoices, card, deals, tasks, notes and the partner timeline. */
export function contactPage(p: ContactPage): string {
  const c = p.contact;
  const pm = p.paymentMethod;
  return layout(
    { title: c.fullName ?? c.email, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/contacts">Contacts</a></nav>
      <h1>${c.fullName ?? c.email} <span class="badge" id="contact-status" data-status="${c.status}">${c.status}</span></h1>
      ${banners(p)}
      <section class="card">
        <table>
          <tr><th>Email</th><td class="mono">${c.email}</td></tr>
          <tr><th>Phone</th><td>${c.phoneNumber ?? '—'}</td></tr>
          <tr><th>Type · source</th><td>${c.type ?? '—'} · ${c.source ?? '—'}</td></tr>
          <tr><th>Payment method</th><td id="payment-method">${pm ? html`${pm.brand} •••• ${pm.last4} <span class="quiet">(sandbox: later charges ${pm.behaviour === 'succeeds' ? 'succeed' : 'fail'})</span>` : html`<span class="quiet">none on file</span>`}</td></tr>
          <tr><th>ID</th><td class="mono">${c.id}</td></tr>
        </table>
        <div class="row">
          <a class="button" href="/backoffice/bookings?contact_id=${c.id}">Start a booking</a>
          <a class="button" href="/backoffice/deals?contact_id=${c.id}#new-deal">New deal</a>
          <a class="button" href="/backoffice/tasks?resource_id=${c.id}#new-task">New task</a>
        </div>
      </section>
      <section class="card" id="rentals"><header><h2>Tenancies and units</h2></header>${rentalsSection(p)}</section>
      <section class="card" id="invoices"><header><h2>Invoices</h2><p><a href="/backoffice/billing?contact_id=${c.id}">in Billing</a></p></header>${invoicesSection(p)}</section>
      <section class="card" id="deals"><header><h2>Deals</h2></header>${
        p.deals.length
          ? html`<ul>${p.deals.map((d) => html`<li><a href="/backoffice/deals#${d.deal.id}">${d.deal.name}</a> · ${d.stageName} <span class="badge" data-status="${d.deal.status}">${d.deal.status}</span></li>`)}</ul>`
          : html`<p class="empty">No deals.</p>`
      }</section>
      <section class="card" id="tasks"><header><h2>Tasks</h2></header>${
        p.tasks.length
          ? html`<ul>${p.tasks.map((t) => html`<li><span class="badge" data-status="${t.status}">${t.status}</span> ${t.title} <span class="quiet">due ${when(t.dueAt)}</span></li>`)}</ul>`
          : html`<p class="empty">No tasks.</p>`
      }</section>
      <section class="card" id="notes"><header><h2>Notes</h2></header>
        ${
          p.notes.length
            ? html`<ul class="notes">${p.notes.map((n) => html`<li><p>${n.content}</p><span class="quiet">${when(n.createdAt)} · ${n.creatorId}</span></li>`)}</ul>`
            : html`<p class="empty">No notes.</p>`
        }
        <form method="post" action="/backoffice/contacts/${c.id}/notes">
          ${csrfField(p.csrf)}
          <label for="note-content">Add a note</label>
          <textarea id="note-content" name="content" rows="3" required>${p.typedNote ?? ''}</textarea>
          <div class="row"><button type="submit" class="primary">Add note</button></div>
        </form>
      </section>
      ${p.customFields ?? ''}
      <section class="card" id="timeline"><header><h2>Timeline</h2><p>Events partner applications recorded for this contact.</p></header>${timelineSection(p.timeline)}</section>`,
  );
}
