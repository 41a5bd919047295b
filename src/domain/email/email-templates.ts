import { safeLiquid } from '../../kernel/safe-liquid.ts';
import type { ErrorDetail } from '../../kernel/errors.ts';
import {
  isStaffTemplate,
  type EmailData,
  type EmailTemplate,
  type EmailTemplateSource,
  type StaffEmailTemplate,
} from './email.ts';

/**
 * The built-in templates, in Liquid (the language of the timeline templates): one subject, a plain-text body and
 * an HTML body each. Data is snapshotted when the cause commits (domain/email/emails.service.ts); `base_url`
 * (the public URL) and `operator_name` are always there. HTML output escapes every value. An operator may replace
 * any of them with its own wording (Settings → Email templates, docs/decisions/email-templates.md).
 */
export const DEFAULT_TEMPLATES: Record<EmailTemplate, EmailTemplateSource> = {
  booking_confirmation: {
    subject: 'Your booking at {{ site_name }} is confirmed',
    text: `Hello {{ contact_name }},

Thank you for booking with {{ operator_name }}. Your booking is confirmed.

Site: {{ site_name }}
Unit: {{ unit_type_name }}
Move-in: {{ move_in_date }}
Order: {{ order_id }}

Manage your storage in the customer portal: {{ base_url }}{{ portal_path }}
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>Thank you for booking with {{ operator_name }}. Your booking is confirmed.</p>
<table><tr><th align="left">Site</th><td>{{ site_name }}</td></tr><tr><th align="left">Unit</th><td>{{ unit_type_name }}</td></tr>
<tr><th align="left">Move-in</th><td>{{ move_in_date }}</td></tr><tr><th align="left">Order</th><td>{{ order_id }}</td></tr></table>
<p><a href="{{ base_url }}{{ portal_path }}">Open the customer portal</a></p>`,
  },
  move_in_day: {
    subject: 'Today is your move-in day at {{ site_name }}',
    text: `Hello {{ contact_name }},

Today is your move-in day at {{ site_name }}{% if site_address != blank %} ({{ site_address }}){% endif %}.
{% for unit in units %}
Unit {{ unit.name }}{% if unit.code != blank %}: your access code is {{ unit.code }}{% endif %}{% endfor %}

Your units and access codes are always in the customer portal: {{ base_url }}{{ portal_path }}
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>Today is your move-in day at <strong>{{ site_name }}</strong>{% if site_address != blank %} ({{ site_address }}){% endif %}.</p>
<ul>{% for unit in units %}<li>Unit {{ unit.name }}{% if unit.code != blank %}: your access code is <strong>{{ unit.code }}</strong>{% endif %}</li>{% endfor %}</ul>
<p><a href="{{ base_url }}{{ portal_path }}">Your units and access codes in the customer portal</a></p>`,
  },
  invoice: {
    subject: 'Invoice {{ invoice_number }} from {{ operator_name }}',
    text: `Hello {{ contact_name }},

Invoice {{ invoice_number }} for {{ total }} has been issued{% if period != blank %} for {{ period }}{% endif %}.
{% if amount_due != blank %}Amount due: {{ amount_due }}. It is collected from your card on file.{% endif %}

See and download it in the customer portal: {{ base_url }}{{ portal_path }}
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>Invoice <strong>{{ invoice_number }}</strong> for <strong>{{ total }}</strong> has been issued{% if period != blank %} for {{ period }}{% endif %}.</p>
{% if amount_due != blank %}<p>Amount due: {{ amount_due }}. It is collected from your card on file.</p>{% endif %}
<p><a href="{{ base_url }}{{ portal_path }}">See and download it in the customer portal</a></p>`,
  },
  receipt: {
    subject: 'Receipt for invoice {{ invoice_number }}',
    text: `Hello {{ contact_name }},

We received your payment of {{ amount_paid }} for invoice {{ invoice_number }} on {{ paid_date }}. Thank you.

Your invoices are in the customer portal: {{ base_url }}{{ portal_path }}
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>We received your payment of <strong>{{ amount_paid }}</strong> for invoice {{ invoice_number }} on {{ paid_date }}. Thank you.</p>
<p><a href="{{ base_url }}{{ portal_path }}">Your invoices in the customer portal</a></p>`,
  },
  payment_failed: {
    subject: 'Payment failed for invoice {{ invoice_number }}',
    text: `Hello {{ contact_name }},

We could not collect {{ amount_due }} for invoice {{ invoice_number }} from your card ending {{ card_last4 }}.
Please update your payment method in the customer portal: {{ base_url }}{{ portal_path }}
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>We could not collect <strong>{{ amount_due }}</strong> for invoice {{ invoice_number }} from your card ending {{ card_last4 }}.</p>
<p><a href="{{ base_url }}{{ portal_path }}">Update your payment method in the customer portal</a></p>`,
  },
  portal_sign_in: {
    subject: 'Sign in to {{ operator_name }}',
    text: `Hello {{ contact_name }},

Use this link to sign in to the {{ operator_name }} customer portal. It works once and expires in {{ expires_minutes }} minutes:

{{ base_url }}{{ sign_in_path }}

If you did not ask to sign in, ignore this email.
`,
    html: `<p>Hello {{ contact_name }},</p>
<p>Use this link to sign in to the {{ operator_name }} customer portal. It works once and expires in {{ expires_minutes }} minutes:</p>
<p><a href="{{ base_url }}{{ sign_in_path }}">Sign in</a></p><p>{{ base_url }}{{ sign_in_path }}</p>
<p>If you did not ask to sign in, ignore this email.</p>`,
  },
};

/** Emails to the operator's own people; fixed wording (not in Settings → Email templates). */
export const STAFF_TEMPLATES: Record<StaffEmailTemplate, EmailTemplateSource> = {
  addon_alert: {
    subject: 'Errors in {{ addon_name }}',
    text: `The add-on {{ addon_name }} of {{ operator_name }} failed:

{{ message }}

A task "Errors in {{ addon_name }}" is open. Further failures go to the add-on's log until the task is completed.
Delivery log and resend: {{ base_url }}/backoffice/settings/addons/{{ addon_id }}
`,
    html: `<p>The add-on <strong>{{ addon_name }}</strong> of {{ operator_name }} failed:</p>
<pre>{{ message }}</pre>
<p>A task “Errors in {{ addon_name }}” is open. Further failures go to the add-on's log until the task is completed.</p>
<p><a href="{{ base_url }}/backoffice/settings/addons/{{ addon_id }}">Delivery log and resend</a></p>`,
  },
};

// Unknown filters are errors (a typo is refused when the template is saved, not sent as blank text).
const text = safeLiquid({ strictFilters: true });
const html = safeLiquid({ strictFilters: true, outputEscape: 'escape' });

/** The most a rendered part may be; a template that renders more fails (and is refused when saved). */
export const RENDERED_LIMIT = 200_000;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

async function part(engine: typeof text, source: string, data: EmailData, name: string): Promise<string> {
  const out = await engine.parseAndRender(source, data);
  if (out.length > RENDERED_LIMIT) throw new Error(`the ${name} renders to more than ${RENDERED_LIMIT} characters`);
  return out;
}

/**
 * Renders one email; `data` is the stored snapshot plus `base_url`; `source` is the operator's edit, else the
 * built-in default.
 */
export async function renderEmail(
  template: EmailTemplate | StaffEmailTemplate,
  data: EmailData,
  source: EmailTemplateSource | null = null,
): Promise<RenderedEmail> {
  const t = source ?? (isStaffTemplate(template) ? STAFF_TEMPLATES[template] : DEFAULT_TEMPLATES[template]);
  const [subject, body, markup] = await Promise.all([
    part(text, t.subject, data, 'subject'),
    part(text, t.text, data, 'text body'),
    part(html, t.html, data, 'HTML body'),
  ]);
  const wrapped = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">${markup}
<p style="color:#666;font-size:12px">${escape(String(data.operator_name ?? ''))}</p></body></html>`;
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: body, html: wrapped };
}

const PARTS = [
  ['subject', 'Subject', text],
  ['text', 'Text body', text],
  ['html', 'HTML body', html],
] as const;

/**
 * Why an edited template cannot be used, per part (`/subject`, `/text`, `/html`; the message follows the part's
 * name): blank, a Liquid syntax error,
 * or an error rendering it with `sample` (an include, an unknown filter, a limit). Empty when it can be saved.
 */
export async function templateProblems(source: EmailTemplateSource, sample: EmailData): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  for (const [key, label, engine] of PARTS) {
    const value = source[key];
    if (!value.trim()) {
      problems.push({ pointer: `/${key}`, message: 'must not be blank' });
      continue;
    }
    try {
      await part(engine, value, sample, label.toLowerCase());
    } catch (err) {
      problems.push({ pointer: `/${key}`, message: `has a Liquid error: ${liquidMessage(err)}` });
    }
  }
  return problems;
}

/** liquidjs's message without the template echo it appends (the form shows the template itself). */
function liquidMessage(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m
    .split('\n')[0]
    .replace(/^ENOENT: Failed to lookup "([^"]*)".*?(, line:\d+, col:\d+)?$/, 'includes are not available ("$1")$2');
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
