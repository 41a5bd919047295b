import type { AuthorisedApplication } from '../../domain/oauth/authorization.service.ts';
import type { DueWork } from '../../domain/operators/clock.service.ts';
import type { InspectedRequest, RequestRecord } from '../../domain/requests/request-inspector.service.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { authorisedApplicationsCard } from './authorised-applications.views.ts';
import { crumbs, DEV, deliveryArticle, eventResource } from './developers-webhooks.views.ts';
import { field, select, type FieldErrors } from './form-fields.ts';
import { banners, csrfField, type Banners } from './form-kit.ts';
import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';

interface PageBase {
  session: StaffSession;
  csrf: string;
}

/** Developers: where a partner developer (or the operator's own) watches an integration's effect. */
export function developersHub(
  p: PageBase & { sandbox: boolean; endpoints: number; applications: number; clock: Date },
): string {
  const tile = (href: string, title: string, figure: string | number, sub: string) =>
    html`<a class="tile" href="${href}"><span class="sub">${title}</span><span class="figure">${figure}</span><span class="sub">${sub}</span></a>`;
  return layout(
    { title: 'Developers', session: p.session, csrf: p.csrf },
    html`<h1>Developers</h1>
    <p class="lead">What integrations do with ${p.session.current.operatorName}'s data: where events are sent and how each delivery went, the events themselves, the API requests that caused them, and the applications with access.</p>
    <div class="tiles" id="developer-sections">
      ${tile(`${DEV}/webhooks`, 'Webhook endpoints', p.endpoints, 'Delivery logs, resend, disable')}
      ${tile(`${DEV}/events`, 'Events', '→', 'Filter by type and day; payloads and deliveries')}
      ${p.sandbox ? tile(`${DEV}/requests`, 'API requests', '→', 'The request inspector: what each request changed') : ''}
      ${tile(`${DEV}/applications`, 'Authorised applications', p.applications, 'Partners connected through OAuth')}
      ${p.sandbox ? tile(`${DEV}/clock`, 'Sandbox clock', when(p.clock), 'Advance time; see what falls due') : ''}
      ${p.sandbox ? tile('/backoffice/mailbox', 'Sandbox mailbox', '→', 'Email kept instead of sent') : ''}
      ${tile('/backoffice/settings/public-api', 'Access tokens and applications', '→', 'Settings → Public API')}
    </div>`,
  );
}

export function applicationsPage(p: PageBase & Banners & { authorised: AuthorisedApplication[] }): string {
  return layout(
    { title: 'Authorised applications', session: p.session, csrf: p.csrf },
    html`${crumbs({ label: 'Authorised applications' })}
    <h1>Authorised applications</h1>
    ${banners(p)}
    ${authorisedApplicationsCard({
      authorised: p.authorised,
      csrf: p.csrf,
      operatorName: p.session.current.operatorName,
      revokeUrl: (id) => `${DEV}/applications/${id}/revoke`,
    })}`,
  );
}

export const DURATION_UNITS = [
  { value: 'minutes', label: 'minutes', seconds: 60 },
  { value: 'hours', label: 'hours', seconds: 3600 },
  { value: 'days', label: 'days', seconds: 86400 },
] as const;

const DUE_WORDS: Record<DueWork['kind'], string> = {
  move_in: 'Move-in',
  renewal: 'Renewal invoice',
  payment: 'Payment collection',
  payment_retry: 'Payment retry',
  overlock: 'Overlock',
  move_out: 'Move-out',
  webhook_delivery: 'Webhook delivery attempt',
};

function dueSubject(w: DueWork): Html {
  const { type, id } = w.subject;
  if (type === 'invoice') return html`<a href="/backoffice/billing/invoices/${id}" class="mono">${id}</a>`;
  return html`<span class="mono">${type} ${id}</span>`;
}

export interface ClockForm {
  mode: 'by' | 'to';
  amount?: string;
  unit?: string;
  to?: string;
}

/** The sandbox clock: now, a move by a duration or to a date, and what falls due before the target. */
export function clockPage(
  p: PageBase &
    Banners & {
      now: Date;
      offsetSeconds: number;
      timeZone: string;
      target: Date;
      due: DueWork[];
      typed: ClockForm;
      errors?: FieldErrors;
    },
): string {
  const t = p.typed;
  return layout(
    { title: 'Sandbox clock', session: p.session, csrf: p.csrf },
    html`${crumbs({ label: 'Sandbox clock' })}
    <h1>Sandbox clock</h1>
    <p class="lead">${p.session.current.operatorName}'s business time. Moving it forward runs what falls due — move-ins, renewals, payment collections and retries, overlocks, move-outs, webhook retries — as <code>POST /sandbox/clock/advance</code> does. It never moves back; access tokens and sessions keep real time.</p>
    ${banners(p)}
    <section class="card" id="clock">
      <dl class="facts">
        <dt>Operator time</dt><dd id="clock-now">${when(p.now)}</dd>
        <dt>Ahead of real time by</dt><dd id="clock-offset">${p.offsetSeconds} s</dd>
        <dt>Time zone</dt><dd>${p.timeZone}</dd>
      </dl>
    </section>
    <section class="card" id="advance">
      <header><h2>Advance</h2><p>Preview shows what would run; Advance moves the clock and runs it.</p></header>
      <form method="post" action="${DEV}/clock" id="advance-by">
        ${csrfField(p.csrf)}
        <input type="hidden" name="mode" value="by">
        <div class="grid-2">
          ${field({ name: 'seconds', label: 'By', value: t.mode === 'by' ? t.amount : '', errors: p.errors, type: 'number', attrs: html`min="0" step="1"` })}
          ${select({ name: 'unit', label: 'Unit', value: t.unit ?? 'days', options: DURATION_UNITS.map((u) => ({ value: u.value, label: u.label })) })}
        </div>
        <div class="row">
          <button type="submit" formmethod="get" name="preview" value="by">Preview</button>
          <button type="submit" class="primary">Advance by this</button>
        </div>
      </form>
      <form method="post" action="${DEV}/clock" id="advance-to">
        ${csrfField(p.csrf)}
        <input type="hidden" name="mode" value="to">
        ${field({ name: 'to', label: `To (${p.timeZone})`, value: t.mode === 'to' ? t.to : '', errors: p.errors, type: 'text', hint: 'A date and time such as 2026-12-01T09:00, in the operator’s time zone', attrs: html`placeholder="YYYY-MM-DDTHH:MM"` })}
        <div class="row">
          <button type="submit" formmethod="get" name="preview" value="to">Preview</button>
          <button type="submit" class="primary">Advance to this</button>
        </div>
      </form>
    </section>
    <section class="card" id="falls-due">
      <header><h2>Falls due by ${when(p.target)}</h2><p>Pending work of the operator due by then, earliest first (what it creates, such as the next renewal, is scheduled as it runs).</p></header>
      ${
        p.due.length
          ? html`<table><thead><tr><th>Due</th><th>What</th><th>About</th></tr></thead><tbody>
          ${p.due.map(
            (w) =>
              html`<tr data-kind="${w.kind}"><td>${when(w.dueAt)}</td><td>${DUE_WORDS[w.kind]}${w.attempt && w.attempt > 1 ? html` (attempt ${w.attempt})` : ''}</td><td>${dueSubject(w)}</td></tr>`,
          )}</tbody></table>`
          : html`<p class="empty">Nothing falls due by then.</p>`
      }
    </section>`,
  );
}

export interface RequestFilterForm {
  method?: string;
  status?: string;
  path?: string;
}

export const REQUEST_METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'] as const;
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

function statusBadge(status: number | null): Html {
  if (status === null) return html`<span class="badge off">unknown</span>`;
  return html`<span class="badge ${status < 400 ? 'ok' : 'off'}" data-status="${status >= 400 ? 'failed' : 'succeeded'}">${status}</span>`;
}

function caller(r: RequestRecord | null): string {
  if (!r) return '—';
  return r.applicationId ? `application ${r.applicationId}` : r.tokenId ? `token ${r.tokenId}` : '—';
}

/** Developers → API requests: the sandbox request log, newest first. */
export function requestsPage(p: PageBase & Banners & { requests: RequestRecord[]; filter: RequestFilterForm }): string {
  const f = p.filter;
  return layout(
    { title: 'API requests', session: p.session, csrf: p.csrf },
    html`${crumbs({ label: 'API requests' })}
    <h1>API requests</h1>
    <p class="lead">The latest 100 API requests to ${p.session.current.operatorName} (sandbox mode; kept 30 days). Open one to see what it changed, the events it emitted and their deliveries — <code>GET /sandbox/requests/{id}</code> answers the same.</p>
    ${banners(p)}
    <form class="filters" method="get" action="${DEV}/requests">
      ${select({ name: 'method', label: 'Method', value: f.method ?? '', options: [{ value: '', label: 'Any' }, ...REQUEST_METHODS] })}
      ${select({ name: 'status', label: 'Status', value: f.status ?? '', options: [{ value: '', label: 'Any' }, ...STATUS_CLASSES] })}
      <div><label for="f-path">Path contains</label><input id="f-path" type="search" name="path" value="${f.path ?? ''}"></div>
      <div><button type="submit">Filter</button></div>
    </form>
    ${
      p.requests.length
        ? html`<table id="requests"><thead><tr><th>When</th><th>Request</th><th>Status</th><th>Duration</th><th>Caller</th></tr></thead><tbody>
        ${p.requests.map(
          (r) => html`<tr data-request-id="${r.requestId}">
            <td>${when(r.createdAt)}</td>
            <td><a href="${DEV}/requests/${r.requestId}" class="mono">${r.method} ${r.path}</a></td>
            <td>${statusBadge(r.status)}</td><td>${r.durationMs} ms</td><td class="mono">${caller(r)}</td>
          </tr>`,
        )}</tbody></table>`
        : html`<p class="empty">No request matches.</p>`
    }`,
  );
}

/** One request: what it was, the records it changed, the events it emitted and their deliveries. */
export function requestPage(
  p: PageBase & { inspected: InspectedRequest; urls: Map<string, string>; timeZone: string },
): string {
  const { request: r, records, events, requestId } = p.inspected;
  return layout(
    { title: 'API request', session: p.session, csrf: p.csrf },
    html`${crumbs({ href: `${DEV}/requests`, label: 'API requests' }, { label: requestId })}
    <h1 class="mono">${r ? `${r.method} ${r.path}` : requestId}</h1>
    <section class="card" id="request" data-request-id="${requestId}">
      ${
        r
          ? html`<dl class="facts">
        <dt>Request id</dt><dd class="mono">${requestId}</dd>
        <dt>Status</dt><dd>${statusBadge(r.status)}</dd>
        <dt>Duration</dt><dd>${r.durationMs} ms</dd>
        <dt>Caller</dt><dd class="mono">${caller(r)}</dd>
        <dt>At</dt><dd>${when(r.createdAt)} (real time)</dd>
      </dl>`
          : html`<p class="muted">The server stopped before it logged this request's answer; what it changed is linked below.</p>`
      }
    </section>
    <section class="card" id="records">
      <header><h2>Records changed</h2></header>
      ${
        records.length
          ? html`<ul>${records.map((c) => html`<li><span class="mono">${c.type} ${c.id}</span>${c.events.length ? html` — ${c.events.join(', ')}` : ''}</li>`)}</ul>`
          : html`<p class="empty">This request changed nothing.</p>`
      }
    </section>
    <section class="card" id="request-events">
      <header><h2>Events emitted</h2></header>
      ${
        events.length
          ? events.map(
              (
                e,
              ) => html`<h3><a href="${DEV}/events/${e.id}" class="mono">${e.type}</a> <small class="mono muted">${eventResource(e)}</small></h3>
              ${
                e.deliveries.length
                  ? e.deliveries.map((d) =>
                      deliveryArticle(d, {
                        url: p.urls.get(d.endpointId) ?? '',
                        body: JSON.stringify(e.body),
                        csrf: p.csrf,
                        canResend: p.urls.has(d.endpointId),
                        showEndpoint: true,
                      }),
                    )
                  : html`<p class="empty">No endpoint was subscribed.</p>`
              }`,
            )
          : html`<p class="empty">No events.</p>`
      }
    </section>`,
  );
}
