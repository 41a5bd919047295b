import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { UNIT_STATUSES, type Unit, type UnitStatus } from '../../domain/catalogue/unit.ts';
import type { Site } from '../../domain/catalogue/site.ts';
import type { UnitType } from '../../domain/catalogue/unit-type.ts';
import type { AccessGrant } from '../../domain/access-control/access-grant.ts';
import type { Tenancy } from '../../domain/billing/tenancy.ts';
import type { Subscription } from '../../domain/billing/subscription.ts';
import type { Contact } from '../../domain/contacts/contact.ts';
import type { CustomFieldDef } from '../../domain/addons/addon.ts';
import { customFieldsPanel } from './custom-fields.views.ts';

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
  /** Custom fields of the unit and of the rental (tenancy) holding it. */
  customFields: {
    unit: { defs: CustomFieldDef[]; values: Record<string, unknown> };
    rental: { defs: CustomFieldDef[]; values: Record<string, unknown> } | null;
  };
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
      <tr><th>Contact</th><td>${contact ? html`<a href="/backoffice/contacts/${contact.id}">${contact.fullName ?? contact.email}</a>` : tenancy.contactId}</td></tr>
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
    html`<nav class="crumbs"><a href="/backoffice/units?site_id=${u.siteId}">Units</a></nav>
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
        <p><a href="/backoffice/catalogue/units/${u.id}">Edit reference or unit type</a></p>
        ${actions.length ? actions : html`<p class="empty">No operator action applies to a unit that is ${u.status}.</p>`}
      </section>
      <section class="card"><header><h2>Door access</h2><p>The built-in simulated access-control provider.</p></header>${doorSection(p.door)}</section>
      <section class="card"><header><h2>Tenancy</h2></header>${tenancySection(p)}</section>
      ${customFieldsPanel({ model: 'unit', recordId: u.id, ...p.customFields.unit, csrf: p.csrf, returnTo: `/backoffice/units/${u.id}` })}
      ${
        p.tenancy && p.customFields.rental
          ? customFieldsPanel({
              model: 'unitRental',
              recordId: p.tenancy.id,
              ...p.customFields.rental,
              csrf: p.csrf,
              returnTo: `/backoffice/units/${u.id}`,
            })
          : ''
      }`,
  );
}

export interface GridFilters {
  status: UnitStatus | '';
  siteId: string;
  unitTypeId: string;
  search: string;
}

const STATUS_WORDS: Record<UnitStatus, string> = {
  available: 'Available',
  reserved: 'Reserved',
  occupied: 'Occupied',
  overlock: 'Overlocked',
  repossessed: 'Repossessed',
  unavailable: 'Unavailable',
};

/** The grid's query string with one parameter changed (filters stay when paging). */
function gridHref(f: GridFilters, page: number): string {
  const q = new URLSearchParams();
  if (f.siteId) q.set('site_id', f.siteId);
  if (f.unitTypeId) q.set('unit_type_id', f.unitTypeId);
  if (f.status) q.set('status', f.status);
  if (f.search) q.set('search', f.search);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/backoffice/units${s ? `?${s}` : ''}`;
}

/**
 * The unit grid: per site, a tile per unit coloured by status (the status is also written on the tile, so colour is
 * never the only cue), each linking to the unit's page. Filters are a GET form: a filtered grid is a shareable link.
 * With JavaScript, htmx applies them as they change and swaps the results and the unit-type choices (they follow
 * the site), pushing the filtered URL.
 */
export function unitsPage(p: {
  session: StaffSession;
  csrf: string;
  units: Unit[];
  total: number;
  page: number;
  pageSize: number;
  filters: GridFilters;
  sites: Site[];
  unitTypes: UnitType[];
}): string {
  const f = p.filters;
  const typeName = new Map(p.unitTypes.map((u) => [u.id, u.name]));
  const bySite = new Map<string, Unit[]>();
  for (const u of p.units) bySite.set(u.siteId, [...(bySite.get(u.siteId) ?? []), u]);
  const siteName = new Map(p.sites.map((s) => [s.id, s.name]));
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const first = (p.page - 1) * p.pageSize + 1;
  return layout(
    { title: 'Units', session: p.session, csrf: p.csrf },
    html`<h1>Units</h1>
      <form method="get" action="/backoffice/units" class="filters" role="search" aria-label="Filter units"
        hx-get="/backoffice/units" hx-trigger="submit, input delay:400ms" hx-sync="this:replace" hx-target="#unit-results"
        hx-select="#unit-results" hx-select-oob="#unit_type_id" hx-swap="outerHTML" hx-push-url="true">
        <div><label for="site_id">Site</label>
          <select id="site_id" name="site_id"><option value="">All sites</option>
            ${p.sites.map((s) => html`<option value="${s.id}" ${s.id === f.siteId ? html`selected` : ''}>${s.name}</option>`)}
          </select></div>
        <div><label for="unit_type_id">Unit type</label>
          <select id="unit_type_id" name="unit_type_id"><option value="">All unit types</option>
            ${p.unitTypes.map((u) => html`<option value="${u.id}" ${u.id === f.unitTypeId ? html`selected` : ''}>${u.name}${f.siteId ? '' : ` (${siteName.get(u.siteId) ?? u.siteId})`}</option>`)}
          </select></div>
        <div><label for="status">Status</label>
          <select id="status" name="status"><option value="">Any status</option>
            ${UNIT_STATUSES.map((s) => html`<option value="${s}" ${s === f.status ? html`selected` : ''}>${STATUS_WORDS[s]}</option>`)}
          </select></div>
        <div><label for="search">Reference</label>
          <input type="search" id="search" name="search" value="${f.search}" placeholder="e.g. A1"></div>
        <div><button type="submit" class="primary">Show</button> <a href="/backoffice/units">Clear</a></div>
      </form>
      <ul class="legend" aria-label="Status colours">
        ${UNIT_STATUSES.map((s) => html`<li><span class="swatch unit-${s}"></span>${STATUS_WORDS[s]}</li>`)}
      </ul>
      <div id="unit-results">
      <p id="unit-count">${p.total ? `Units ${first}–${first + p.units.length - 1} of ${p.total}` : ''}</p>
      ${
        p.units.length
          ? [...bySite].map(
              ([siteId, units]) => html`<section class="card" data-site="${siteId}">
                <header><h2>${siteName.get(siteId) ?? siteId}</h2><p>${units.length} shown</p></header>
                <ul class="unit-grid">
                  ${units.map(
                    (
                      u,
                    ) => html`<li><a class="unit-tile unit-${u.status}" href="/backoffice/units/${u.id}" data-status="${u.status}">
                      <strong>${u.referenceId}</strong><span>${typeName.get(u.unitTypeId) ?? ''}</span><span class="state">${STATUS_WORDS[u.status]}</span></a></li>`,
                  )}
                </ul>
              </section>`,
            )
          : html`<p class="empty">No units match these filters.</p>`
      }
      ${
        pages > 1
          ? html`<nav class="row" aria-label="Pages">
              ${p.page > 1 ? html`<a href="${gridHref(f, p.page - 1)}" rel="prev">Previous</a>` : ''}
              <span>Page ${p.page} of ${pages}</span>
              ${p.page < pages ? html`<a href="${gridHref(f, p.page + 1)}" rel="next">Next</a>` : ''}
            </nav>`
          : ''
      }
      </div>`,
  );
}
