import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Unit } from '../../domain/catalogue/unit.ts';
import type { AccessGrant } from '../../domain/access-control/access-grant.ts';
import type { Tenancy } from '../../domain/billing/tenancy.ts';
import type { Subscription } from '../../domain/billing/subscription.ts';
import type { Contact } from '../../domain/contacts/contact.ts';

export interface UnitPage {
  session: StaffSession;
  csrf: string;
  unit: Unit;
  siteName: string;
  unitTypeName: string;
  door: AccessGrant | null;
  tenancy: Tenancy | null;
  subscription: Subscription | null;
  contact: Contact | null;
  notice?: string;
  error?: string;
}

const hidden = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function action(p: UnitPage, path: string, label: string, cls = 'primary', fields: Html | string = ''): Html {
  return html`<form method="post" action="/backoffice/units/${p.unit.id}/${path}" class="row">
    ${hidden(p.csrf)}${fields}<button type="submit" class="${cls}">${label}</button>
  </form>`;
}

function doorSection(door: AccessGrant | null): Html {
  if (!door) return html`<p class="empty" id="door">Nobody has ever been given access to this unit’s door.</p>`;
  return html`<table id="door">
    <tr><th>Access</th><td><span class="badge ${door.state === 'granted' ? 'ok' : 'off'}" data-state="${door.state}">${door.state}</span> ${door.state === 'granted' ? 'the code opens the door' : 'the door stays shut'}</td></tr>
    <tr><th>Contact</th><td class="mono">${door.contactId ?? '—'}</td></tr>
    <tr><th>Tenancy</th><td class="mono">${door.tenancyId ?? '—'}</td></tr>
    <tr><th>Code</th><td class="mono" data-code="${door.code ?? ''}">${door.code ?? '—'}</td></tr>
    <tr><th>Why</th><td data-reason>${door.reason}</td></tr>
    <tr><th>Since</th><td>${when(door.updatedAt)}</td></tr>
  </table>`;
}

function tenancySection(p: UnitPage): Html {
  const { tenancy, subscription, contact } = p;
  if (!tenancy) return html`<p class="empty">No tenancy holds this unit.</p>`;
  const notice = subscription?.cancelled
    ? html`<p id="notice-given">Notice given: the tenancy ends ${when(subscription.endsAt)}.</p>`
    : subscription
      ? html`<form method="post" action="/backoffice/tenancies/${tenancy.id}/notice" id="give-notice">
        ${hidden(p.csrf)}
        <input type="hidden" name="unit_id" value="${p.unit.id}">
        <label for="ends_on">Move-out date (the tenant has the whole day, site time)</label>
        <input type="date" id="ends_on" name="ends_on" required>
        <label for="reason">Reason (optional)</label>
        <input type="text" id="reason" name="reason" maxlength="500">
        <button type="submit" class="danger">Give notice</button>
      </form>`
      : html`<p class="empty">This tenancy has no subscription to give notice on.</p>`;
  return html`<table>
      <tr><th>Tenancy</th><td class="mono">${tenancy.id}</td></tr>
      <tr><th>Contact</th><td>${contact ? html`${contact.fullName ?? contact.email} <a href="/backoffice/contacts/${contact.id}/timeline">timeline</a>` : tenancy.contactId}</td></tr>
      <tr><th>Starts</th><td>${when(tenancy.startsAt)}</td></tr>
      <tr><th>Ends</th><td>${when(tenancy.endsAt)}</td></tr>
    </table>
    ${notice}`;
}

/** A unit: its status and the operator's actions on it, its door (the simulated access-control provider), its tenancy. */
export function unitPage(p: UnitPage): string {
  const u = p.unit;
  const actions = [
    u.status === 'available' ? action(p, 'unavailable', 'Make unavailable', 'danger') : '',
    u.status === 'unavailable' ? action(p, 'available', 'Make available') : '',
    u.status === 'overlock' ? action(p, 'repossess', 'Repossess', 'danger') : '',
  ].filter(Boolean);
  return layout(
    { title: `Unit ${u.referenceId}`, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/units">Units</a></nav>
      <h1>Unit ${u.referenceId}</h1>
      ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
      ${p.error ? html`<div class="error" role="alert">${p.error}</div>` : ''}
      <section class="card">
        <table>
          <tr><th>Status</th><td><span class="badge" id="unit-status" data-status="${u.status}">${u.status}</span></td></tr>
          <tr><th>Site</th><td>${p.siteName}</td></tr>
          <tr><th>Unit type</th><td>${p.unitTypeName}</td></tr>
          <tr><th>ID</th><td class="mono">${u.id}</td></tr>
        </table>
        ${actions.length ? actions : html`<p class="empty">No operator action applies to a unit that is ${u.status}.</p>`}
      </section>
      <section class="card"><header><h2>Door access</h2><p>The built-in simulated access-control provider.</p></header>${doorSection(p.door)}</section>
      <section class="card"><header><h2>Tenancy</h2></header>${tenancySection(p)}</section>`,
  );
}

/** Units, filtered by status, with links to their pages. */
export function unitsPage(p: {
  session: StaffSession;
  csrf: string;
  units: Unit[];
  status: string;
  statuses: readonly string[];
}): string {
  return layout(
    { title: 'Units', session: p.session, csrf: p.csrf },
    html`<h1>Units</h1>
      <form method="get" action="/backoffice/units" class="row">
        <label for="status">Status</label>
        <select id="status" name="status">
          <option value="">any</option>
          ${p.statuses.map((s) => html`<option value="${s}" ${s === p.status ? html`selected` : ''}>${s}</option>`)}
        </select>
        <button type="submit" class="small">Show</button>
      </form>
      ${
        p.units.length
          ? html`<table>
            <tr><th>Unit</th><th>Status</th></tr>
            ${p.units.map((u) => html`<tr><td><a href="/backoffice/units/${u.id}">${u.referenceId}</a></td><td>${u.status}</td></tr>`)}
          </table>`
          : html`<p class="empty">No units.</p>`
      }`,
  );
}
