import { DISABLED_REASON_WORDS, type WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.ts';
import { csrfField } from './form-fields.ts';
import { html, when, type Html } from './html.ts';
import { scopeSummary } from './scope-words.ts';
import type { EndpointWithCreator } from './webhook-creators.ts';
import type { EndpointAction } from './webhook-endpoint-actions.ts';

export function endpointStatus(e: WebhookEndpoint): Html {
  if (e.status === 'enabled') return html`<span class="badge ok">Enabled</span>`;
  return html`<span class="badge off">Disabled</span>${e.disabledReason ? html`<br><small>${DISABLED_REASON_WORDS[e.disabledReason]}</small>` : ''}`;
}

/** Disable or enable (whichever applies) and delete: the operator's hand on an endpoint. */
export function endpointActions(e: WebhookEndpoint, csrf: string, url: (action: EndpointAction) => string): Html {
  const toggle: EndpointAction = e.status === 'enabled' ? 'disable' : 'enable';
  return html`<form method="post" action="${url(toggle)}">${csrfField(csrf)}<button type="submit" class="small">${toggle === 'disable' ? 'Disable' : 'Enable'}</button></form>
    <form method="post" action="${url('delete')}">${csrfField(csrf)}<button type="submit" class="small danger">Delete</button></form>`;
}

/** Every endpoint of the account, whoever created it: the operator can see where its data goes and stop it. */
export function webhookEndpointsCard(p: {
  endpoints: EndpointWithCreator[];
  csrf: string;
  operatorName: string;
  actionUrl: (id: string, action: EndpointAction) => string;
}): Html {
  return html`<section class="card" id="webhook-endpoints">
      <header><h2>Webhook endpoints</h2><p>Where ${p.operatorName}'s events are sent, by whichever token or application created them. Disabling or deleting cancels pending deliveries.</p></header>
      ${
        p.endpoints.length
          ? html`<table><thead><tr><th>Name</th><th>URL</th><th>Events</th><th>Created by</th><th>Created</th><th>Status</th><th></th></tr></thead><tbody>
          ${p.endpoints.map(
            ({ endpoint: e, creator }) => html`<tr data-endpoint-id="${e.id}">
              <td><a href="/backoffice/developers/webhooks/${e.id}">${e.name}</a></td><td class="mono">${e.url}</td><td>${scopeSummary(e.eventTypes, 'event type')}</td>
              <td data-creator="${e.creatorId}">${creator}</td><td>${when(e.createdAt)}</td><td>${endpointStatus(e)}</td>
              <td class="actions">${endpointActions(e, p.csrf, (action) => p.actionUrl(e.id, action))}</td>
            </tr>`,
          )}</tbody></table>`
          : html`<p class="empty">No webhook endpoints.</p>`
      }
    </section>`;
}
