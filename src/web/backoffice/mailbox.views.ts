import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Email } from '../../domain/email/email.ts';

function emailRow(e: Email): Html {
  return html`<tr>
    <td>${when(e.createdAt)}</td>
    <td class="mono">${e.toAddress}</td>
    <td><a href="/backoffice/mailbox/${e.id}">${e.subject ?? e.template}</a></td>
    <td><span class="badge" data-status="${e.status}">${e.status}</span></td>
  </tr>`;
}

/** The sandbox mailbox: every email kept instead of sent, newest first. */
export function mailboxPage(p: { session: StaffSession; csrf: string; emails: Email[]; sandbox: boolean }): string {
  if (!p.sandbox)
    return layout(
      { title: 'Mailbox', session: p.session, csrf: p.csrf },
      html`<h1>Mailbox</h1>
        <p class="lead">Production mode sends customer email over SMTP; the mailbox keeps emails in sandbox mode only.</p>`,
    );
  const body = p.emails.length
    ? html`<table id="mailbox">
        <tr><th>When</th><th>To</th><th>Subject</th><th>Status</th></tr>
        ${p.emails.map(emailRow)}
      </table>`
    : html`<p class="empty">No email yet.</p>`;
  return layout(
    { title: 'Sandbox mailbox', session: p.session, csrf: p.csrf },
    html`<h1>Sandbox mailbox</h1>
      <p class="lead">Sandbox mode sends nothing: every email to a customer is kept here, sign-in links included.</p>
      ${body}`,
  );
}

/** One email as the customer would read it (its text part: links stay visible and copyable). */
export function emailPage(p: { session: StaffSession; csrf: string; email: Email }): string {
  const e = p.email;
  return layout(
    { title: e.subject ?? 'Email', session: p.session, csrf: p.csrf },
    html`<p><a href="/backoffice/mailbox">← Mailbox</a></p>
      <h1>${e.subject ?? e.template}</h1>
      <table>
        <tr><th>To</th><td class="mono">${e.toAddress}</td></tr>
        <tr><th>Template</th><td class="mono">${e.template}</td></tr>
        <tr><th>Status</th><td>${e.status}</td></tr>
        <tr><th>Created</th><td>${when(e.createdAt)}</td></tr>
      </table>
      ${e.bodyText ? html`<pre id="email-text">${e.bodyText}</pre>` : html`<p class="empty">Not rendered yet (queued).</p>`}`,
  );
}
