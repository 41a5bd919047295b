import { Liquid } from 'liquidjs';
import type { EmailData, EmailTemplate } from './email.ts';

/**
 * The built-in templates, in Liquid (the language of the timeline templates): one subject, a plain-text body and
 * an HTML body each. Data is snapshotted when the cause commits (domain/email/emails.service.ts); `base_url`
 * (the public URL) and `operator_name` are always there. HTML output escapes every value.
 */
interface Template {
  subject: string;
  text: string;
  html: string;
}

const TEMPLATES: Record<EmailTemplate, Template> = {
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

const text = new Liquid({ ownPropertyOnly: true, parseLimit: 20_000, cache: 50 });
const html = new Liquid({
  ownPropertyOnly: true,
  parseLimit: 20_000,
  cache: 50,
  outputEscape: 'escape',
});

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Renders one email; `data` is the stored snapshot plus `base_url`. */
export async function renderEmail(template: EmailTemplate, data: EmailData): Promise<RenderedEmail> {
  const t = TEMPLATES[template];
  const [subject, body, markup] = await Promise.all([
    text.parseAndRender(t.subject, data),
    text.parseAndRender(t.text, data),
    html.parseAndRender(t.html, data),
  ]);
  const wrapped = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">${markup}
<p style="color:#666;font-size:12px">${escape(String(data.operator_name ?? ''))}</p></body></html>`;
  return { subject: subject.replace(/\s+/g, ' ').trim(), text: body, html: wrapped };
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
