import type { EmailTemplate, EmailTemplateSource } from '../../domain/email/email.ts';
import type { EmailTemplateView } from '../../domain/email/email-templates.service.ts';
import type { RenderedEmail } from '../../domain/email/email-templates.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { csrfField, field, type FieldErrors } from './form-fields.ts';

/** Each email's name and when it goes out, in the operator's words (docs/decisions/email.md). */
const ABOUT: Record<EmailTemplate, { title: string; when: string }> = {
  booking_confirmation: {
    title: 'Booking confirmation',
    when: 'When a booking completes (unless the order turns it off).',
  },
  move_in_day: { title: 'Move-in day', when: 'On move-in day, 06:00 site time, with the units and access codes.' },
  invoice: { title: 'Invoice', when: 'When an invoice is issued (not for zero invoices).' },
  receipt: { title: 'Receipt', when: 'When an invoice is paid.' },
  payment_failed: { title: 'Payment failed', when: 'When collecting an invoice from the card on file fails.' },
  portal_sign_in: { title: 'Customer portal sign-in', when: 'When a customer asks for a sign-in link.' },
};

export const templateTitle = (t: EmailTemplate) => ABOUT[t].title;

interface PageBase {
  session: StaffSession;
  csrf: string;
  notice?: string;
  message?: string;
}

const banner = (p: PageBase): Html =>
  html`${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}${p.message ? html`<div class="error" role="alert">${p.message}</div>` : ''}`;

/** Settings → Email templates: every customer email, whether the operator has its own wording. */
export function emailTemplatesPage(p: PageBase & { templates: EmailTemplateView[] }): string {
  return layout(
    { title: 'Email templates', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/settings">Settings</a> › Email templates</nav>
      <h1>Email templates</h1>${banner(p)}
      <p class="lead">The emails customers get from ${p.session.current.operatorName}. Edit the wording of any of them; the others keep Lockyard’s default.</p>
      <table id="email-templates">
        <tr><th>Email</th><th>Sent</th><th>Subject</th><th>Wording</th></tr>
        ${p.templates.map(
          (t) => html`<tr id="template-${t.template}">
            <th scope="row"><a href="/backoffice/settings/email-templates/${t.template}">${ABOUT[t.template].title}</a></th>
            <td>${ABOUT[t.template].when}</td>
            <td class="mono">${t.source.subject}</td>
            <td>${t.edited ? html`<span class="badge ok">edited</span> ${when(t.updatedAt)}` : html`<span class="badge">default</span>`}</td>
          </tr>`,
        )}
      </table>`,
  );
}

export interface EmailTemplateEditor extends PageBase {
  template: EmailTemplateView;
  /** What the form shows: the stored source, or what was typed. */
  values: EmailTemplateSource;
  errors?: FieldErrors;
  preview?: RenderedEmail;
}

function area(name: 'text' | 'html', label: string, value: string, rows: number, errors: FieldErrors): Html {
  const id = `f-${name}`;
  const error = errors[name];
  return html`<div class="field${error ? ' invalid' : ''}">
    <label for="${id}">${label}</label>
    <textarea id="${id}" name="${name}" rows="${rows}" class="mono" spellcheck="false"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>${value}</textarea>
    ${error ? html`<p class="field-error" id="${id}-error">${label} ${error}</p>` : ''}
  </div>`;
}

/** One template: subject, text and HTML bodies in Liquid, a preview with made-up data, save, reset to default. */
export function emailTemplatePage(p: EmailTemplateEditor): string {
  const t = p.template;
  const e = p.errors ?? {};
  const about = ABOUT[t.template];
  return layout(
    { title: `${about.title} email`, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/settings">Settings</a> › <a href="/backoffice/settings/email-templates">Email templates</a> › ${about.title}</nav>
      <h1>${about.title} email</h1>${banner(p)}
      <p class="lead">${about.when} ${t.edited ? html`You edited it ${when(t.updatedAt)}.` : 'It uses Lockyard’s default wording.'}</p>
      <form method="post" action="/backoffice/settings/email-templates/${t.template}" class="card" id="template-form" novalidate>
        ${csrfField(p.csrf)}
        <p class="hint" id="variables">Liquid: <code>{{ variable }}</code>, <code>{% if … %}…{% endif %}</code>, <code>{% for … %}</code>. Variables: ${t.variables.map((v, i) => html`${i ? ', ' : ''}<code>${v}</code>`)}. Links start with <code>{{ base_url }}</code>. Values are escaped in the HTML body. Includes are not available.</p>
        ${field({ name: 'subject', label: 'Subject', value: p.values.subject, errors: e })}
        ${area('text', 'Text body', p.values.text, 12, e)}
        ${area('html', 'HTML body', p.values.html, 10, e)}
        <div class="row">
          <button type="submit" name="action" value="preview">Preview</button>
          <button type="submit" name="action" value="save" class="primary">Save template</button>
        </div>
      </form>
      ${p.preview ? previewSection(p.preview) : ''}
      ${
        t.edited
          ? html`<form method="post" action="/backoffice/settings/email-templates/${t.template}/reset" class="card" id="reset-template">
              ${csrfField(p.csrf)}
              <p>Go back to Lockyard’s default wording for this email. Your edit is deleted.</p>
              <button type="submit" class="danger">Reset to default</button>
            </form>`
          : ''
      }`,
  );
}

/** The preview, rendered with made-up data; the HTML part in a sandboxed frame (no scripts, no same origin). */
function previewSection(r: RenderedEmail): Html {
  return html`<section class="card" id="preview" aria-labelledby="preview-title">
    <header><h2 id="preview-title">Preview</h2><p>With made-up data (Alex Sample); nothing is sent.</p></header>
    <table><tr><th scope="row">Subject</th><td id="preview-subject">${r.subject}</td></tr></table>
    <h3>Text</h3>
    <pre id="preview-text">${r.text}</pre>
    <h3>HTML</h3>
    <iframe id="preview-html" class="email-preview" title="HTML body preview" sandbox="" srcdoc="${r.html}"></iframe>
  </section>`;
}
