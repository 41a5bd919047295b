import { EVENT_TYPES } from '../../domain/events/event-types.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { LoggedEvent, WebhookDelivery, DeliveryAttempt } from '../../domain/webhooks/delivery.ts';
import { banners, csrfField, pager, type Banners } from './form-kit.ts';
import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { scopeSummary } from './scope-words.ts';
import type { EndpointWithCreator } from './webhook-creators.ts';
import { endpointActions, endpointStatus, webhookEndpointsCard } from './webhook-endpoints.views.ts';

export const DEV = '/backoffice/developers';

interface PageBase {
  session: StaffSession;
  csrf: string;
}

export function crumbs(...parts: Array<{ href?: string; label: string }>): Html {
  const all = [{ href: DEV, label: 'Developers' }, ...parts];
  return html`<nav class="crumbs" aria-label="Breadcrumb">${all.map(
    (p, i) =>
      html`${i ? ' › ' : ''}${p.href && i < all.length - 1 ? html`<a href="${p.href}">${p.label}</a>` : p.label}`,
  )}</nav>`;
}

export function deliveryStatus(d: WebhookDelivery): Html {
  return html`<span class="badge" data-status="${d.status}">${d.status}</span>`;
}

/** The resource an event reports (`data.<key>.id`). */
export function eventResource(e: LoggedEvent): string {
  const data = ((e.body.event ?? e.body) as { data?: Record<string, { id?: unknown }> }).data ?? {};
  const [key] = Object.keys(data);
  const id = key ? data[key]?.id : undefined;
  return key && typeof id === 'string' ? `${key} ${id}` : '—';
}

/** Developers → Webhook endpoints: every endpoint of the account, whoever created it. */
export function endpointsPage(p: PageBase & Banners & { endpoints: EndpointWithCreator[] }): string {
  return layout(
    { title: 'Webhook endpoints', session: p.session, csrf: p.csrf },
    html`${crumbs({ label: 'Webhook endpoints' })}
    <h1>Webhook endpoints</h1>
    <p class="lead">Every endpoint of ${p.session.current.operatorName}, whoever created it: an access token, an OAuth application or staff. Open one for its delivery log.</p>
    ${banners(p)}
    ${webhookEndpointsCard({
      endpoints: p.endpoints,
      csrf: p.csrf,
      operatorName: p.session.current.operatorName,
      actionUrl: (id, action) => `${DEV}/webhooks/${id}/${action}`,
    })}`,
  );
}

function headerLines(headers: Record<string, string> | null): string {
  if (!headers) return '(not kept for attempts made before the delivery log recorded headers)';
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

function attemptItem(a: DeliveryAttempt, url: string, body: string | undefined): Html {
  const outcome = a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? 'no response');
  return html`<li class="attempt" data-attempt="${a.attempt}">
    <strong>Attempt ${a.attempt}</strong> · ${when(a.attemptedAt)} · <span class="mono">${outcome}</span> · ${a.durationMs} ms
    <details class="request">
      <summary>Request</summary>
      <pre class="wire" tabindex="0" data-part="request-headers">POST ${url}\n${headerLines(a.requestHeaders)}</pre>
      <pre class="wire" tabindex="0" data-part="request-body">${body ?? '(the stored body has been pruned)'}</pre>
    </details>
    <details class="response">
      <summary>Response</summary>
      <pre class="wire" tabindex="0" data-part="response">${a.statusCode !== null ? `HTTP ${a.statusCode}` : 'No HTTP response'}${a.error && a.statusCode === null ? `\n${a.error}` : ''}${a.responseSnippet ? `\n\n${a.responseSnippet}` : ''}</pre>
    </details>
  </li>`;
}

/** One delivery of the log: its event, status, every attempt with request and response, next retry, resend. */
export function deliveryArticle(
  d: WebhookDelivery,
  opts: { url: string; body: string | undefined; csrf: string; canResend: boolean; showEndpoint?: boolean },
): Html {
  return html`<article class="delivery" id="${d.id}" data-delivery-id="${d.id}">
    <header>
      <a href="${DEV}/events/${d.eventId}" class="mono">${d.eventType}</a>
      ${deliveryStatus(d)}
      ${opts.showEndpoint ? html`<span>to <a href="${DEV}/webhooks/${d.endpointId}" class="mono">${d.endpointId}</a></span>` : ''}
      <span class="muted">${d.attemptCount} attempt${d.attemptCount === 1 ? '' : 's'}</span>
      ${d.nextAttemptAt ? html`<span>Next retry ${when(d.nextAttemptAt)}</span>` : ''}
      ${d.resendOf ? html`<span class="muted">Resend of <a href="#${d.resendOf}" class="mono">${d.resendOf}</a></span>` : ''}
      ${
        opts.canResend
          ? html`<form method="post" action="${DEV}/deliveries/${d.id}/resend">${csrfField(opts.csrf)}<button type="submit" class="small">Resend</button></form>`
          : ''
      }
    </header>
    ${d.statusReason ? html`<p class="muted">${d.statusReason}</p>` : ''}
    ${
      d.attempts.length
        ? html`<ol class="attempts">${d.attempts.map((a) => attemptItem(a, opts.url, opts.body))}</ol>`
        : html`<p class="empty">No attempt yet.</p>`
    }
  </article>`;
}

/** One endpoint: what it is, who made it, the operator's actions, and its delivery log (newest first). */
export function endpointPage(
  p: PageBase &
    Banners & {
      endpoint: EndpointWithCreator;
      deliveries: WebhookDelivery[];
      bodies: Map<string, string>;
      page: number;
      more: boolean;
    },
): string {
  const e = p.endpoint.endpoint;
  return layout(
    { title: `Webhook endpoint ${e.name}`, session: p.session, csrf: p.csrf },
    html`${crumbs({ href: `${DEV}/webhooks`, label: 'Webhook endpoints' }, { label: e.name })}
    <h1>${e.name}</h1>
    ${banners(p)}
    <section class="card" id="endpoint" data-endpoint-id="${e.id}">
      <dl class="facts">
        <dt>URL</dt><dd class="mono">${e.url}</dd>
        <dt>Status</dt><dd>${endpointStatus(e)}</dd>
        <dt>Created by</dt><dd data-creator="${e.creatorId}">${p.endpoint.creator}</dd>
        <dt>Events</dt><dd>${scopeSummary(e.eventTypes, 'event type')}</dd>
        <dt>API version</dt><dd class="mono">${e.apiVersion}</dd>
        <dt>Created</dt><dd>${when(e.createdAt)}</dd>
        ${e.description ? html`<dt>Description</dt><dd>${e.description}</dd>` : ''}
      </dl>
      <div class="row">${endpointActions(e, p.csrf, (action) => `${DEV}/webhooks/${e.id}/${action}`)}</div>
    </section>
    <section class="card" id="deliveries">
      <header><h2>Delivery log</h2><p>Each delivery with every attempt: the request as sent, the response as received. Kept 30 days.</p></header>
      ${
        p.deliveries.length
          ? p.deliveries.map((d) =>
              deliveryArticle(d, {
                url: e.url,
                body: p.bodies.get(d.eventId),
                csrf: p.csrf,
                canResend: e.status === 'enabled',
              }),
            )
          : html`<p class="empty">Nothing delivered to this endpoint yet.</p>`
      }
      ${pager(`${DEV}/webhooks/${e.id}`, {}, p.page, p.more)}
    </section>`,
  );
}

export interface EventFilter {
  type?: string;
  from?: string;
  to?: string;
}

/** Developers → Events: the operator's event log, newest first, filtered by type and day. */
export function eventsPage(
  p: PageBase & Banners & { events: LoggedEvent[]; filter: EventFilter; page: number; more: boolean; status?: number },
): string {
  const f = p.filter;
  return layout(
    { title: 'Events', session: p.session, csrf: p.csrf },
    html`${crumbs({ label: 'Events' })}
    <h1>Events</h1>
    <p class="lead">Every event emitted for ${p.session.current.operatorName}, newest first, with its payload and deliveries. Days are the operator's (${p.session.current.operatorName}'s time zone, sandbox clock).</p>
    ${banners(p)}
    <form class="filters" method="get" action="${DEV}/events">
      <div><label for="f-type">Type</label>
        <select id="f-type" name="type"><option value="">All types</option>
          ${EVENT_TYPES.map((t) => html`<option value="${t}"${t === f.type ? html` selected` : ''}>${t}</option>`)}
        </select></div>
      <div><label for="f-from">From</label><input id="f-from" type="date" name="from" value="${f.from ?? ''}"></div>
      <div><label for="f-to">To</label><input id="f-to" type="date" name="to" value="${f.to ?? ''}"></div>
      <div><button type="submit">Filter</button></div>
    </form>
    ${
      p.events.length
        ? html`<table id="events"><thead><tr><th>When</th><th>Type</th><th>Resource</th><th>Request</th></tr></thead><tbody>
        ${p.events.map(
          (e) => html`<tr data-event-id="${e.id}">
            <td>${when(e.createdAt)}</td>
            <td><a href="${DEV}/events/${e.id}" class="mono">${e.type}</a></td>
            <td class="mono">${eventResource(e)}</td>
            <td>${e.requestId ? html`<a href="${DEV}/requests/${e.requestId}" class="mono">${e.requestId.slice(0, 8)}…</a>` : html`<span class="muted">—</span>`}</td>
          </tr>`,
        )}</tbody></table>`
        : html`<p class="empty">No events match.</p>`
    }
    ${pager(`${DEV}/events`, { type: f.type, from: f.from, to: f.to }, p.page, p.more)}`,
  );
}

/** One event: its payload exactly as delivered, the request that emitted it, and its deliveries. */
export function eventPage(
  p: PageBase & Banners & { event: LoggedEvent; deliveries: WebhookDelivery[]; urls: Map<string, string> },
): string {
  const e = p.event;
  const body = JSON.stringify(e.body);
  return layout(
    { title: `Event ${e.type}`, session: p.session, csrf: p.csrf },
    html`${crumbs({ href: `${DEV}/events`, label: 'Events' }, { label: e.type })}
    <h1 class="mono">${e.type}</h1>
    ${banners(p)}
    <section class="card" id="event" data-event-id="${e.id}">
      <dl class="facts">
        <dt>Event</dt><dd class="mono">${e.id}</dd>
        <dt>Created</dt><dd>${when(e.createdAt)}</dd>
        <dt>Resource</dt><dd class="mono">${eventResource(e)}</dd>
        <dt>Request</dt><dd>${e.requestId ? html`<a href="${DEV}/requests/${e.requestId}" class="mono">${e.requestId}</a>` : html`<span class="muted">None: a job, a page or the CLI emitted it</span>`}</dd>
      </dl>
      <h2>Payload</h2>
      <pre class="wire" tabindex="0" id="payload">${JSON.stringify(e.body, null, 2)}</pre>
    </section>
    <section class="card" id="deliveries">
      <header><h2>Deliveries</h2><p>One per subscribed endpoint; a resend is a delivery of its own.</p></header>
      ${
        p.deliveries.length
          ? p.deliveries.map((d) =>
              deliveryArticle(d, {
                url: p.urls.get(d.endpointId) ?? '',
                body,
                csrf: p.csrf,
                canResend: p.urls.has(d.endpointId),
                showEndpoint: true,
              }),
            )
          : html`<p class="empty">No endpoint was subscribed to this event.</p>`
      }
    </section>`,
  );
}
