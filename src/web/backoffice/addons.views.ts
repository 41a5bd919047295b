import { ledgerAddon } from '../../addons-builtin/ledger.addon.ts';
import type {
  AddonDefinition,
  AddonDelivery,
  AddonLogLine,
  AddonState,
  CustomFieldDef,
} from '../../domain/addons/addon.ts';
import type { StaffAddonView } from '../../domain/addons/addons.service.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { fieldInput, fieldTitle } from './custom-fields.views.ts';

export const ADDONS_BASE = '/backoffice/settings/addons';

export const ADDON_NOTICES: Record<string, string> = {
  configured: 'The custom fields were saved. The add-on’s setup webtask ran again (see its log).',
  enabled: 'The add-on is enabled: it gets webhooks and API access.',
  paused: 'The add-on is paused: API access, no webhooks.',
  disabled: 'The add-on is disabled: no webhooks and no API access.',
  uninstalled: 'The add-on was uninstalled. Its key no longer works.',
  resent: 'The delivery was queued again.',
  alerts: 'The alert receivers were saved.',
};

const STATE_WORDS: Record<AddonState, string> = {
  enabled: 'Webhooks and API access',
  paused: 'API access only, no webhooks',
  disabled: 'No webhooks, no API access',
};

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function stateBadge(state: AddonState): Html {
  return html`<span class="badge ${state === 'enabled' ? 'ok' : 'off'}" data-state="${state}">${state}</span>`;
}

export interface AddonsListPage {
  session: StaffSession;
  csrf: string;
  installs: StaffAddonView[];
  definitions: AddonDefinition[];
  sites: Array<{ id: string; name: string }>;
  /** Managers and owners may install and change add-ons; staff see the list only. */
  canManage: boolean;
  notice?: string;
  error?: { definitionId: string; message: string };
  /** Who is emailed when a delivery fails for good. */
  alertReceivers: string[];
  /** A refused alert-receivers form: the message, and what was typed. */
  alertError?: { message: string; typed: string };
}

/** Settings → Add-ons: what is installed, and what can be installed (operator-wide or for one site). */
export function addonsListPage(p: AddonsListPage): string {
  const siteName = new Map(p.sites.map((s) => [s.id, s.name]));
  return layout(
    { title: 'Add-ons', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs">Settings › Add-ons</nav>
    <h1>Add-ons</h1>
    <p class="lead">Integrations written for the Storeganise add-on framework: access control, accounting, custom billing. An add-on gets webhooks when it is enabled and calls back with its own API key.</p>
    ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
    <section class="card" id="installed">
      <header><h2>Installed</h2></header>
      ${
        p.installs.length
          ? html`<table><thead><tr><th>Add-on</th><th>Scope</th><th>State</th><th>Installed</th></tr></thead><tbody>
          ${p.installs.map(
            (i) => html`<tr data-addon-id="${i.addonId}">
              <td><a href="${ADDONS_BASE}/${i.addonId}">${i.name}</a></td>
              <td>${i.siteId ? `Site: ${siteName.get(i.siteId) ?? i.siteId}` : 'Whole operator'}</td>
              <td>${stateBadge(i.state)}</td><td>${when(i.createdAt)}</td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No add-ons installed yet.</p>`
      }
    </section>
    <section class="card" id="available">
      <header><h2>Available add-ons</h2><p>Installing gives the add-on an API key (shown once). It starts paused: configure it, then enable it.</p></header>
      ${
        p.definitions.length
          ? p.definitions.map((d) => {
              const err = p.error?.definitionId === d.id ? p.error.message : undefined;
              return html`<article class="addon-definition" data-definition-id="${d.id}">
                <h3>${d.name}</h3>
                <p>${d.description}</p>
                <p class="muted">${d.level === 'site' ? 'Installed per site.' : 'Installed once for the whole operator.'} Events: ${d.events.length ? d.events.join(', ') : 'none'}.</p>
                ${err ? html`<div class="error" role="alert">${err}</div>` : ''}
                ${
                  p.canManage
                    ? html`<form method="post" action="${ADDONS_BASE}/install" class="row">
                      ${csrfField(p.csrf)}
                      <input type="hidden" name="definition_id" value="${d.id}">
                      ${
                        d.level === 'site'
                          ? html`<label for="site-${d.id}" class="inline">Site</label>
                            <select id="site-${d.id}" name="site_id" required>
                              <option value="">Choose a site</option>
                              ${p.sites.map((s) => html`<option value="${s.id}">${s.name}</option>`)}
                            </select>`
                          : html`<label for="site-${d.id}" class="inline">Scope</label>
                            <select id="site-${d.id}" name="site_id">
                              <option value="">Whole operator</option>
                              ${p.sites.map((s) => html`<option value="${s.id}">Site: ${s.name}</option>`)}
                            </select>`
                      }
                      <button type="submit" class="primary">Install ${d.name}</button>
                    </form>`
                    : ''
                }
              </article>`;
            })
          : html`<p class="empty">No add-on definitions. A developer creates one with <code>lockyard addons create --definition FILE</code>.</p>`
      }
    </section>
    ${alertsCard(p)}`,
  );
}

/** The alert receivers: emailed once per run of failures, when the "Errors in <add-on>" task opens. */
function alertsCard(p: AddonsListPage): Html {
  const current = p.alertError?.typed ?? p.alertReceivers.join(', ');
  return html`<section class="card" id="alert-receivers">
    <header><h2>Alert receivers</h2><p>Emailed when a webhook to an add-on has failed after its last retry, once per run of failures (with the “Errors in …” task).</p></header>
    ${p.alertError ? html`<div class="error" role="alert">${p.alertError.message}</div>` : ''}
    ${
      p.canManage
        ? html`<form method="post" action="${ADDONS_BASE}/alert-receivers">
          ${csrfField(p.csrf)}
          <label for="alert-receivers-input">Email addresses (separated by commas)</label>
          <input id="alert-receivers-input" name="receivers" type="text" value="${current}" placeholder="ops@example.com">
          <button type="submit" class="primary">Save alert receivers</button>
        </form>`
        : html`<p>${p.alertReceivers.length ? p.alertReceivers.join(', ') : 'None.'}</p>`
    }
  </section>`;
}

export interface AddonPage {
  session: StaffSession;
  csrf: string;
  addon: StaffAddonView;
  definition: AddonDefinition;
  siteName: string | null;
  deliveries: AddonDelivery[];
  logs: AddonLogLine[];
  canManage: boolean;
  notice?: string;
  error?: string;
  /** What was typed when saving failed (non-secret fields only: secrets are never echoed). */
  typed?: Record<string, string>;
}

function configForm(p: AddonPage): Html {
  const fields = p.definition.customFields;
  if (!fields.length) return html`<p class="empty">This add-on has no settings.</p>`;
  const value = (f: CustomFieldDef) =>
    f.secret ? undefined : p.typed && f.code in p.typed ? p.typed[f.code] : p.addon.customFields[f.code];
  return html`<form method="post" action="${ADDONS_BASE}/${p.addon.addonId}/configure" id="configure">
    ${csrfField(p.csrf)}
    ${fields.map(
      (f) => html`<div class="field" data-custom-field="${f.code}">
        <label for="f-${f.code}">${fieldTitle(f)}${f.required ? ' (required)' : ''} <code class="muted">${f.code}</code></label>
        ${fieldInput(f, {
          name: `cf.${f.code}`,
          id: `f-${f.code}`,
          value: value(f),
          isSet: p.addon.secretFieldsSet.includes(f.code),
          disabled: !p.canManage,
        })}
        ${
          f.secret && p.addon.secretFieldsSet.includes(f.code) && p.canManage
            ? html`<label class="inline-check"><input type="checkbox" name="clear" value="${f.code}"> Clear this value</label>`
            : ''
        }
      </div>`,
    )}
    ${p.canManage ? html`<div class="row"><button type="submit" class="primary">Save settings</button></div>` : ''}
  </form>`;
}

function stateActions(p: AddonPage): Html {
  if (!p.canManage) return html``;
  const to = (['enabled', 'paused', 'disabled'] as const).filter((s) => s !== p.addon.state);
  const label: Record<AddonState, string> = { enabled: 'Enable', paused: 'Pause', disabled: 'Disable' };
  return html`<div class="row" id="state-actions">
    ${to.map(
      (s) => html`<form method="post" action="${ADDONS_BASE}/${p.addon.addonId}/state">
        ${csrfField(p.csrf)}<input type="hidden" name="state" value="${s}">
        <button type="submit" class="${s === 'enabled' ? 'primary' : s === 'disabled' ? 'danger' : ''}">${label[s]}</button>
      </form>`,
    )}
    <form method="post" action="${ADDONS_BASE}/${p.addon.addonId}/uninstall">
      ${csrfField(p.csrf)}
      <button type="submit" class="danger">Uninstall</button>
    </form>
  </div>`;
}

function deliveriesTable(p: AddonPage): Html {
  if (!p.deliveries.length) return html`<p class="empty">No webhooks sent yet. Only an enabled add-on gets them.</p>`;
  return html`<table id="deliveries"><thead><tr><th>Event</th><th>Sent</th><th>Status</th><th>Attempts</th><th>Last answer</th><th></th></tr></thead><tbody>
    ${p.deliveries.map(
      (d) => html`<tr data-delivery-id="${d.id}" data-status="${d.status}">
        <td><code>${d.type}</code><details><summary>Body</summary><pre class="mono">${d.body}</pre></details></td>
        <td>${when(d.createdAt)}</td>
        <td><span class="badge ${d.status === 'succeeded' ? 'ok' : 'off'}">${d.status}</span></td>
        <td>${d.attemptCount}</td>
        <td>${d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''} ${d.lastError ?? ''}</td>
        <td class="actions">${
          p.canManage && d.status !== 'pending'
            ? html`<form method="post" action="${ADDONS_BASE}/${p.addon.addonId}/deliveries/${d.id}/resend">${csrfField(p.csrf)}<button type="submit" class="small">Resend</button></form>`
            : ''
        }</td>
      </tr>`,
    )}
  </tbody></table>`;
}

function logList(logs: AddonLogLine[]): Html {
  if (!logs.length) return html`<p class="empty">Nothing logged yet.</p>`;
  return html`<table id="log"><thead><tr><th>When</th><th>Level</th><th>Message</th></tr></thead><tbody>
    ${logs.map((l) => html`<tr data-level="${l.level}"><td>${when(l.createdAt)}</td><td>${l.level}</td><td class="mono">${l.message}</td></tr>`)}
  </tbody></table>`;
}

/** One installed add-on: its state, settings (secret ones write-only), webhook deliveries with resend, and its log. */
export function addonPage(p: AddonPage): string {
  const a = p.addon;
  return layout(
    { title: a.name, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="${ADDONS_BASE}">Settings › Add-ons</a></nav>
    <h1>${a.name}</h1>
    ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
    ${p.error ? html`<div class="error" role="alert">${p.error}</div>` : ''}
    <section class="card" id="addon-state">
      <table>
        <tr><th>State</th><td>${stateBadge(a.state)} ${STATE_WORDS[a.state]}</td></tr>
        <tr><th>Scope</th><td>${a.siteId ? `Site: ${p.siteName ?? a.siteId}` : 'Whole operator'}</td></tr>
        <tr><th>Add-on ID</th><td class="mono">${a.addonId}</td></tr>
        <tr><th>Webhook URL</th><td class="mono">${p.definition.webhookUrl ?? '—'}</td></tr>
        <tr><th>Events</th><td>${p.definition.events.map((e) => html`<code>${e}</code> `)}</td></tr>
      </table>
      ${stateActions(p)}
    </section>
    ${
      p.definition.id === ledgerAddon.definitionId
        ? html`<section class="card" id="export"><header><h2>Export</h2><p>The invoice changes and payments this add-on recorded${a.siteId ? ' for its site' : ''}.</p></header>
      <p><a class="button" href="${ADDONS_BASE}/${a.addonId}/export.csv" download>Download CSV</a></p></section>`
        : ''
    }
    <section class="card" id="settings">
      <header><h2>Settings</h2>${p.definition.setupInstructions ? html`<p>${p.definition.setupInstructions}</p>` : ''}</header>
      ${configForm(p)}
    </section>
    <section class="card" id="delivery-log">
      <header><h2>Webhook deliveries</h2><p>Signed with <code>sg-signature</code>; retried after 1 min, 5 min, 30 min and 2 h (operator clock).</p></header>
      ${deliveriesTable(p)}
    </section>
    <section class="card" id="addon-log">
      <header><h2>Log</h2><p>Setup webtask output, state changes and delivery failures.</p></header>
      ${logList(p.logs)}
    </section>`,
  );
}
