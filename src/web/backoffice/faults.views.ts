import { describeFault, FAULT_KINDS, SERVER_ERROR_STATUSES, type Fault } from '../../domain/faults/fault.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { csrfField, field, select, type FieldErrors } from './form-fields.ts';
import { html, when } from './html.ts';
import { layout } from './layout.ts';

export const FAULTS_BASE = '/backoffice/settings/faults';

const KIND_WORDS: Record<(typeof FAULT_KINDS)[number], string> = {
  latency: 'Latency: requests answered late',
  rate_limit: '429 storm: Too Many Requests with Retry-After',
  server_error: '5xx: server errors',
  webhook_timeout: 'Webhook timeouts: deliveries recorded as timed out, then retried',
  webhook_signature_rotation: 'Webhook signature rotation: signed with a new secret',
};

export interface FaultsPage {
  session: StaffSession;
  csrf: string;
  sandbox: boolean;
  faults: Fault[];
  /** Who a fault can target: the operator's live tokens, its applications and partner applications. */
  targets: Array<{ id: string; label: string }>;
  notice?: string;
  error?: { message: string; fields: FieldErrors; values: Record<string, string> };
}

/** Settings → Faults: what a partner's token or application is made to suffer on purpose (sandbox mode only). */
export function faultsPage(p: FaultsPage): string {
  const names = new Map(p.targets.map((t) => [t.id, t.label]));
  const v = p.error?.values ?? {};
  const e = p.error?.fields ?? {};
  return layout(
    { title: 'Faults', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/settings">Settings</a> › Faults</nav>
    <h1>Faults</h1>
    <p class="lead">Make a token's or an application's API requests and webhook deliveries fail on purpose, so a
      partner can prove their retries and backoff. The same as <code>lockyard faults set|list|clear</code>.</p>
    ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
    ${
      !p.sandbox
        ? html`<p class="empty">Faults exist in sandbox mode only.</p>`
        : html`<section class="card" id="faults">
      <header><h2>Faults set</h2><p>Each counts the requests (or delivery attempts) it sees from when it was set: <em>every N</em> hits the Nth, 2Nth…; a <em>rate</em> hits the same requests on every run for one seed.</p></header>
      ${
        p.faults.length
          ? html`<table><thead><tr><th>Target</th><th>Kind</th><th>What it does</th><th>Set</th><th></th></tr></thead><tbody>
          ${p.faults.map(
            (f) => html`<tr data-fault-id="${f.id}">
              <td>${names.get(f.targetId) ?? f.targetId}<br><small class="mono">${f.targetId}</small></td><td><code>${f.kind}</code></td>
              <td>${describeFault(f)}</td><td>${when(f.createdAt)}</td>
              <td class="actions"><form method="post" action="${FAULTS_BASE}/clear">${csrfField(p.csrf)}
                <input type="hidden" name="target" value="${f.targetId}"><input type="hidden" name="kind" value="${f.kind}">
                <button type="submit" class="small danger">Clear</button></form></td>
            </tr>`,
          )}</tbody></table>
          <form method="post" action="${FAULTS_BASE}/clear">${csrfField(p.csrf)}<button type="submit" class="small danger">Clear all</button></form>`
          : html`<p class="empty">No faults: every request is served normally.</p>`
      }
      <details id="set-fault" class="form-toggle" ${p.error ? html`open` : ''}>
        <summary>Set a fault</summary>
        ${p.error ? html`<div class="error" role="alert">${p.error.message}</div>` : ''}
        <form method="post" action="${FAULTS_BASE}" novalidate>
          ${csrfField(p.csrf)}
          ${select({ name: 'target', label: 'Token or application', value: v.target, options: p.targets.map((t) => ({ value: t.id, label: `${t.label} (${t.id})` })), errors: e })}
          ${select({ name: 'kind', label: 'Fault', value: v.kind, options: FAULT_KINDS.map((k) => ({ value: k, label: KIND_WORDS[k] })), errors: e })}
          ${field({ name: 'every', label: 'Every Nth request', value: v.every, errors: e, hint: '1: every request. Leave empty to use a rate.', type: 'number' })}
          ${field({ name: 'rate', label: 'Or a rate (0–1)', value: v.rate, errors: e, hint: 'e.g. 0.25; replaces “every”.' })}
          ${field({ name: 'seed', label: 'Seed of the rate', value: v.seed, errors: e, hint: 'The same seed fails the same requests on every run.' })}
          ${field({ name: 'ms', label: 'Latency (ms)', value: v.ms, errors: e, type: 'number', hint: 'Latency only; default 1000.' })}
          ${select({ name: 'status', label: 'Server error status', value: v.status, options: ['', ...SERVER_ERROR_STATUSES.map(String)], errors: e })}
          ${field({ name: 'retry_after', label: 'Retry-After (s)', value: v.retry_after, errors: e, type: 'number', hint: '429 storm only; default 1.' })}
          <div class="field"><input type="checkbox" id="f-only_new" name="only_new" value="true"${v.only_new ? html` checked` : ''}>
            <label for="f-only_new">Rotation: sign with the new secret only (the old secret stops verifying)</label></div>
          <button type="submit" class="primary">Set fault</button>
        </form>
      </details>
    </section>`
    }`,
  );
}
