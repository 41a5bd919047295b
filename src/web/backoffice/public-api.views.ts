import type { Scope } from '../../kernel/scopes.ts';
import type { AccessTokenRow } from '../../storage/repos/access-tokens.repo.ts';
import type { OAuthApplication } from '../../domain/oauth/applications.service.ts';
import type { AuthorisedApplication } from '../../domain/oauth/authorization.service.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { csrfField } from './form-fields.ts';
import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { scopeRows, scopeSummary, SCOPE_WORDS } from './scope-words.ts';
import { authorisedApplicationsCard } from './authorised-applications.views.ts';
import { webhookEndpointsCard } from './webhook-endpoints.views.ts';
import type { EndpointWithCreator } from './webhook-creators.ts';

export const EXPIRY_CHOICES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
] as const;

export const NOTICES: Record<string, string> = {
  'token-revoked': 'The access token was revoked.',
  'app-deleted': 'The application was deleted and its tokens revoked.',
  'grant-revoked': 'Access was revoked. The application’s tokens no longer work.',
  'endpoint-enabled': 'The webhook endpoint was enabled. Deliveries cancelled while it was disabled are not resent.',
  'endpoint-disabled': 'The webhook endpoint was disabled and its pending deliveries cancelled.',
  'endpoint-deleted': 'The webhook endpoint was deleted and its pending deliveries cancelled.',
};

const BASE = '/backoffice/settings/public-api';

/** Read/write checkboxes per resource; `prefix` keeps ids unique when two pickers share a page. */
function scopePicker(prefix: string, checked: ReadonlySet<string>): Html {
  const box = (scope: Scope | undefined, label: string) =>
    scope
      ? html`<input type="checkbox" id="${prefix}-${scope}" name="scopes" value="${scope}" ${checked.has(scope) ? html`checked` : ''}>
          <label for="${prefix}-${scope}" title="${SCOPE_WORDS[scope].description}">${label}</label>`
      : '';
  return html`<fieldset class="scopes"><legend>Scopes</legend><table>
    ${scopeRows().map((r) => html`<tr><td>${r.resource}</td><td>${box(r.read, 'Read')}</td><td>${box(r.write, 'Write')}</td></tr>`)}
  </table></fieldset>`;
}

function tokenStatus(t: AccessTokenRow, now: Date): Html {
  if (t.revokedAt) return html`<span class="badge off">Revoked</span>`;
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) return html`<span class="badge off">Expired</span>`;
  return html`<span class="badge ok">Active</span>`;
}

export interface PublicApiPage {
  session: StaffSession;
  csrf: string;
  now: Date;
  tokens: AccessTokenRow[];
  applications: OAuthApplication[];
  /** Authorization Code applications of this install: any operator may be asked to authorise them. */
  partners: OAuthApplication[];
  authorised: AuthorisedApplication[];
  /** Every webhook endpoint of the operator, whoever created it, with its creator's name. */
  endpoints: EndpointWithCreator[];
  notice?: string;
  error?: {
    form: 'token' | 'application' | 'partner';
    message: string;
    name?: string;
    scopes?: string[];
    redirectUris?: string;
  };
}

export function publicApiPage(p: PublicApiPage): string {
  const tokenErr = p.error?.form === 'token' ? p.error : undefined;
  const appErr = p.error?.form === 'application' ? p.error : undefined;
  const partnerErr = p.error?.form === 'partner' ? p.error : undefined;
  return layout(
    { title: 'Public API', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs">Settings › Public API</nav>
    <h1>Public API</h1>
    <p class="lead">Access tokens, OAuth applications and the partner applications ${p.session.current.operatorName} has authorised.</p>
    ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}

    <section class="card" id="access-tokens">
      <header><h2>Access tokens</h2><p>Long-lived keys for scripts and internal tools. Shown once when generated.</p></header>
      ${
        p.tokens.length
          ? html`<table><thead><tr><th>Name</th><th>Token</th><th>Scopes</th><th>Created</th><th>Expires</th><th>Status</th><th></th></tr></thead><tbody>
          ${p.tokens.map(
            (t) => html`<tr data-token-id="${t.id}">
              <td>${t.name}</td><td class="mono">…${t.tokenHint}</td><td>${scopeSummary(t.scopes)}</td>
              <td>${when(t.createdAt)}</td><td>${t.expiresAt ? when(t.expiresAt) : 'Never'}</td><td>${tokenStatus(t, p.now)}</td>
              <td class="actions">${
                t.revokedAt
                  ? ''
                  : html`<form method="post" action="${BASE}/tokens/${t.id}/revoke">${csrfField(p.csrf)}<button type="submit" class="small danger">Revoke</button></form>`
              }</td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No access tokens yet.</p>`
      }
      <details id="generate-token" class="form-toggle" ${tokenErr ? html`open` : ''}>
        <summary>Generate access token</summary>
        ${tokenErr ? html`<div class="error" role="alert">${tokenErr.message}</div>` : ''}
        <form method="post" action="${BASE}/tokens">
          ${csrfField(p.csrf)}
          <label for="token-name">Name</label>
          <input id="token-name" type="text" name="name" required maxlength="100" value="${tokenErr?.name ?? ''}" placeholder="Reporting script">
          <label for="token-expiry">Expires after</label>
          <select id="token-expiry" name="expires_in">${EXPIRY_CHOICES.map((c) => html`<option value="${c.value}" ${c.value === '30' ? html`selected` : ''}>${c.label}</option>`)}</select>
          ${scopePicker('token', new Set(tokenErr?.scopes ?? ['public.site:read']))}
          <button type="submit" class="primary">Generate access token</button>
        </form>
      </details>
    </section>

    <section class="card" id="applications">
      <header><h2>Applications</h2><p>OAuth 2.0 Client Credentials for ${p.session.current.operatorName}'s own integrations.</p></header>
      ${
        p.applications.length
          ? html`<table><thead><tr><th>Name</th><th>Client ID</th><th>Secret</th><th>Scopes</th><th>Created</th><th></th></tr></thead><tbody>
          ${p.applications.map(
            (a) => html`<tr data-application-id="${a.id}">
              <td>${a.name}</td><td class="mono">${a.clientId}</td><td class="mono">…${a.secretHint}</td><td>${scopeSummary(a.scopes)}</td><td>${when(a.createdAt)}</td>
              <td class="actions">
                <form method="post" action="${BASE}/applications/${a.id}/rotate-secret">${csrfField(p.csrf)}<button type="submit" class="small">Rotate secret</button></form>
                <form method="post" action="${BASE}/applications/${a.id}/delete">${csrfField(p.csrf)}<button type="submit" class="small danger">Delete</button></form>
              </td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No applications yet.</p>`
      }
      <details id="create-application" class="form-toggle" ${appErr ? html`open` : ''}>
        <summary>Create application</summary>
        ${appErr ? html`<div class="error" role="alert">${appErr.message}</div>` : ''}
        <form method="post" action="${BASE}/applications">
          ${csrfField(p.csrf)}
          <label for="app-name">Name</label>
          <input id="app-name" type="text" name="name" required maxlength="100" value="${appErr?.name ?? ''}" placeholder="Booking widget">
          ${scopePicker('app', new Set(appErr?.scopes ?? []))}
          <button type="submit" class="primary">Create application</button>
        </form>
      </details>
    </section>

    <section class="card" id="partner-applications">
      <header><h2>Partner applications</h2><p>OAuth 2.0 Authorization Code applications: a partner's app that asks an operator's staff to connect it (consent screen), then acts with the scopes they grant. Registered for this whole install; nothing is shared until an operator authorises it.</p></header>
      ${
        p.partners.length
          ? html`<table><thead><tr><th>Name</th><th>Client ID</th><th>Secret</th><th>Redirect URIs</th><th>Scopes</th><th>Created</th></tr></thead><tbody>
          ${p.partners.map(
            (a) => html`<tr data-partner-id="${a.id}">
              <td>${a.name}</td><td class="mono">${a.clientId}</td><td class="mono">…${a.secretHint}</td>
              <td><ul class="scope-list">${a.redirectUris.map((u) => html`<li class="mono">${u}</li>`)}</ul></td>
              <td>${scopeSummary(a.scopes)}</td><td>${when(a.createdAt)}</td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No partner applications yet.</p>`
      }
      <details id="create-partner-application" class="form-toggle" ${partnerErr ? html`open` : ''}>
        <summary>Create partner application</summary>
        ${partnerErr ? html`<div class="error" role="alert">${partnerErr.message}</div>` : ''}
        <form method="post" action="${BASE}/partner-applications">
          ${csrfField(p.csrf)}
          <label for="partner-name">Name</label>
          <input id="partner-name" type="text" name="name" required maxlength="100" value="${partnerErr?.name ?? ''}" placeholder="Acme Insurance connector">
          <label for="partner-redirects">Redirect URIs, one per line</label>
          <textarea id="partner-redirects" name="redirect_uris" rows="3" required placeholder="https://partner.example.com/oauth/callback">${partnerErr?.redirectUris ?? ''}</textarea>
          ${scopePicker('partner', new Set(partnerErr?.scopes ?? []))}
          <button type="submit" class="primary">Create partner application</button>
        </form>
      </details>
    </section>

    ${authorisedApplicationsCard({
      authorised: p.authorised,
      csrf: p.csrf,
      operatorName: p.session.current.operatorName,
      revokeUrl: (id) => `${BASE}/authorised-applications/${id}/revoke`,
    })}

    ${webhookEndpointsCard({
      endpoints: p.endpoints,
      csrf: p.csrf,
      operatorName: p.session.current.operatorName,
      actionUrl: (id, action) => `${BASE}/webhook-endpoints/${id}/${action}`,
    })}`,
  );
}

/** The one time a secret is visible. */
export function secretPage(opts: {
  session: StaffSession;
  csrf: string;
  title: string;
  intro: string;
  fields: Array<{ label: string; value: string; secret?: boolean }>;
  /** Where to go on from here (Settings → Public API unless said otherwise). */
  back?: { href: string; crumb: string; label: string };
}): string {
  const back = opts.back ?? {
    href: BASE,
    crumb: 'Settings › Public API',
    label: 'Back to Public API settings',
  };
  return layout(
    { title: opts.title, session: opts.session, csrf: opts.csrf },
    html`<nav class="crumbs"><a href="${back.href}">${back.crumb}</a></nav>
    <h1>${opts.title}</h1>
    <div class="notice" role="status">${opts.intro} Copy it now: you won’t be able to see it again.</div>
    <section class="card">
      ${opts.fields.map((f) => html`<label>${f.label}</label><code class="secret" data-field="${f.label}">${f.value}</code>`)}
      <div class="row"><a class="button" href="${back.href}">${back.label}</a></div>
    </section>`,
  );
}
