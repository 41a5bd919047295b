import { html, type Html } from '../backoffice/html.ts';
import { money } from '../../kernel/money.ts';
import type { Operator } from '../../domain/context.ts';
import type { PortalField, PortalOverview } from '../../domain/portal/portal.service.ts';
import type { SavedMethod } from '../../domain/addons/custom-billing.service.ts';
import { fieldInput, fieldTitle } from '../backoffice/custom-fields.views.ts';

/** The portal's pages (server-rendered, plain forms, no JavaScript), under /portal/<operator slug>. */
export function portalPage(
  operator: Operator,
  title: string,
  body: Html,
  opts: { csrf?: string; signedIn?: boolean; single?: boolean } = {},
): string {
  const base = `/portal/${operator.slug}`;
  const nav =
    opts.signedIn && opts.csrf
      ? html`<nav class="account" aria-label="Account"><form method="post" action="${base}/sign-out"><input type="hidden" name="_csrf" value="${opts.csrf}"><button type="submit">Sign out</button></form></nav>`
      : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${operator.name}</title><link rel="stylesheet" href="/checkout/assets/checkout.css"><link rel="stylesheet" href="/portal/assets/portal.css"></head>
<body><header>${operator.name}<small>Customer portal</small>${nav}</header>
<main class="${opts.single ? 'single' : 'portal'}">${body}</main></body></html>`.value;
}

export function signInPage(operator: Operator, csrf: string, state: { email?: string; error?: string } = {}): string {
  return portalPage(
    operator,
    'Sign in',
    html`<section aria-labelledby="t"><h1 id="t">Sign in</h1>
      <p class="sub">We email you a link that signs you in to the ${operator.name} customer portal. No password needed.</p>
      ${state.error ? html`<div class="error" role="alert">${state.error}</div>` : ''}
      <form method="post" action="/portal/${operator.slug}/sign-in">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" required value="${state.email ?? ''}">
        <button type="submit">Email me a sign-in link</button>
      </form></section>`,
    { single: true },
  );
}

export function linkSentPage(operator: Operator, email: string, sandbox: boolean): string {
  return portalPage(
    operator,
    'Check your email',
    html`<section><h1>Check your email</h1>
      <p role="status">If ${email} belongs to a customer of ${operator.name}, a sign-in link is on its way. It works once, for 15 minutes.</p>
      ${sandbox ? html`<p class="hint">Sandbox: nothing is sent; the email is in the sandbox mailbox (back office, or GET /sandbox/emails).</p>` : ''}
      <p><a href="/portal/${operator.slug}/sign-in">Back to sign in</a></p></section>`,
    { single: true },
  );
}

export function confirmLinkPage(operator: Operator, csrf: string, token: string): string {
  return portalPage(
    operator,
    'Sign in',
    html`<section><h1>Sign in</h1><p>Continue to your ${operator.name} customer portal.</p>
      <form method="post" action="/portal/${operator.slug}/sign-in/${token}"><input type="hidden" name="_csrf" value="${csrf}">
      <button type="submit">Continue</button></form></section>`,
    { single: true },
  );
}

export function linkGonePage(operator: Operator): string {
  return portalPage(
    operator,
    'Link expired',
    html`<section><h1>This link can no longer be used</h1>
      <p>Sign-in links work once and expire after 15 minutes.</p>
      <p><a class="button" href="/portal/${operator.slug}/sign-in">Get a new link</a></p></section>`,
    { single: true },
  );
}

const DONE: Record<string, string> = {
  card: 'Your payment method was updated.',
  notice: 'Your notice was received. Your subscription ends on the date you chose.',
  signed: 'Thank you: your contract is signed.',
  fields: 'Your details were saved.',
  identity: 'Thank you: your identity check has started.',
};

/** The operator's billing add-on and the customer's saved methods (`billing.list`), or why they could not be read. */
export interface AddonBilling {
  name: string;
  methods: SavedMethod[];
  error: string | null;
}

/** One saved method as the add-on described it (its fields are the add-on's: shown as text, cut short). */
function methodText(m: SavedMethod): string {
  const t = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 40) : '');
  if (m.card) {
    const exp = (m.card.expiry ?? {}) as Record<string, unknown>;
    const scheme = t(m.card.scheme);
    const expiry = t(exp.month) && t(exp.year) ? `, expires ${t(exp.month).padStart(2, '0')}/${t(exp.year)}` : '';
    return `${scheme ? `${scheme[0]!.toUpperCase()}${scheme.slice(1)} card` : 'Card'} ${t(m.card.number)}${expiry}`.trim();
  }
  const bank = m.bank ?? {};
  return `Bank account ${t(bank.accountNumber ?? bank.number ?? bank.iban)}`.trim();
}

export interface DashboardState {
  done?: string;
  error?: { section: string; message: string };
  card?: { name?: string };
}

function fmtDate(d: Date | null | undefined, tz: string): string {
  if (!d) return '—';
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric' }).format(d);
}

export function dashboardPage(
  operator: Operator,
  csrf: string,
  o: PortalOverview & { addonBilling?: AddonBilling | null },
  today: string,
  state: DashboardState = {},
): string {
  const base = `/portal/${operator.slug}`;
  const tz = operator.timezone;
  const m = (n: number) => money(n, operator.currency).formatted;
  const csrfField = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  const errorIn = (section: string) =>
    state.error?.section === section ? html`<div class="error" role="alert">${state.error.message}</div>` : '';
  const done = state.done && DONE[state.done] ? html`<p class="ok" role="status">${DONE[state.done]}</p>` : '';

  /** Custom fields the operator (or an add-on) shows the customer; a form when any of them may be changed. */
  const fieldsOf = (fields: PortalField[], model: string, id: string): Html | string => {
    if (!fields.length) return '';
    const rows = fields.map((f) =>
      f.writable
        ? html`<div data-custom-field="${f.def.code}"><label for="cf-${id}-${f.def.code}">${fieldTitle(f.def)}</label>${fieldInput(f.def, { name: `cf.${f.def.code}`, id: `cf-${id}-${f.def.code}`, value: f.value })}</div>`
        : html`<div data-custom-field="${f.def.code}">${fieldTitle(f.def)}: <span class="code">${f.value == null ? '—' : String(f.value)}</span></div>`,
    );
    return fields.some((f) => f.writable)
      ? html`<form method="post" action="${base}/custom-fields/${model}/${id}" class="custom-fields">${csrfField}${rows}<button type="submit">Save</button></form>`
      : html`<div class="custom-fields">${rows}</div>`;
  };

  const units = html`<section aria-labelledby="units-t"><h2 id="units-t">Your units</h2>${errorIn('fields')}
    ${
      o.rentals.length
        ? html`<ul class="cards" data-testid="units">${o.rentals.flatMap((r) =>
            r.units.length
              ? r.units.map(
                  (u) => html`<li><strong>Unit ${u.unit.referenceId}</strong> · ${r.site?.name ?? ''}
                  <div class="note">${r.unitTypeName ?? ''} · ${u.unit.status}</div>
                  ${
                    u.access
                      ? html`<div>Access: <span class="status">${u.access.state}</span>
                          ${u.access.code ? html` code <span class="code" data-testid="access-code">${u.access.code}</span>` : ''}</div>`
                      : html`<div class="note">No access code yet${r.tenancy && !r.tenancy.endsAt ? ': it is issued on move-in day' : ''}.</div>`
                  }${r.tenancy ? fieldsOf(r.customFields, 'unitRental', r.tenancy.id) : ''}</li>`,
                )
              : [
                  html`<li><strong>${r.unitTypeName ?? 'Unit'}</strong> · ${r.site?.name ?? ''}<div class="note">A unit is assigned before move-in on ${fmtDate(r.tenancy?.startsAt, tz)}.</div></li>`,
                ],
          )}</ul>`
        : html`<p class="note">You have no units.</p>`
    }</section>`;

  const subs = html`<section aria-labelledby="subs-t"><h2 id="subs-t">Subscriptions</h2>${errorIn('notice')}
    ${
      o.rentals.length
        ? html`<table data-testid="subscriptions"><tr><th>Site</th><th>Current period</th><th>Each period (excl. tax)</th><th>Status</th></tr>
          ${o.rentals.map((r) => {
            const s = r.subscription;
            const each = s.lineItems.reduce((n, l) => n + l.price * l.quantity, 0);
            const status = s.endedAt ? 'ended' : s.cancelled ? `ends ${fmtDate(s.endsAt, tz)}` : 'active';
            return html`<tr><td>${r.site?.name ?? ''}<div class="note">${r.unitTypeName ?? ''}</div></td>
              <td>${fmtDate(s.currentPeriodStartsAt, tz)} – ${fmtDate(s.currentPeriodEndsAt, tz)}</td>
              <td>${m(each)} <span class="note">${s.billingPeriod.replace(/_/g, ' ')}</span></td><td><span class="status">${status}</span></td></tr>
              ${
                !s.cancelled && !s.endedAt
                  ? html`<tr><td colspan="4"><form class="inline" method="post" action="${base}/subscriptions/${s.id}/notice">${csrfField}
                      <div><label for="ends-${s.id}">Give notice: move out on</label><input id="ends-${s.id}" name="ends_on" type="date" min="${today}" required></div>
                      <button type="submit" class="secondary">Give notice</button></form></td></tr>`
                  : ''
              }`;
          })}</table>`
        : html`<p class="note">No subscriptions.</p>`
    }</section>`;

  const invoices = html`<section aria-labelledby="inv-t"><h2 id="inv-t">Invoices</h2>
    ${
      o.invoices.length
        ? html`<table data-testid="invoices"><tr><th>Number</th><th>Issued</th><th>Total</th><th>Status</th><th></th></tr>
          ${o.invoices.map(
            (
              i,
            ) => html`<tr><td>${i.number}</td><td>${fmtDate(i.finalizedAt ?? i.createdAt, tz)}</td><td class="amount">${m(i.total)}</td>
              <td><span class="status">${i.status}</span>${i.amountDue > 0 && i.status !== 'paid' ? html` <span class="note">due ${m(i.amountDue)}</span>` : ''}</td>
              <td>${i.status !== 'draft' ? html`<a href="${base}/invoices/${i.id}.pdf">PDF<span class="note"> ${i.number}</span></a>` : ''}</td></tr>`,
          )}</table>`
        : html`<p class="note">No invoices yet.</p>`
    }</section>`;

  const b = o.addonBilling;
  const addonMethods = b
    ? html`<section aria-labelledby="card-t"><h2 id="card-t">Payment methods</h2>
    <p>Your payments are taken by ${b.name}.</p>${
      b.error
        ? html`<div class="error" role="alert">${b.error}</div>`
        : b.methods.length
          ? html`<ul data-testid="saved-methods">${b.methods.map((x) => html`<li>${methodText(x)}</li>`)}</ul>`
          : html`<p data-testid="saved-methods">No saved payment method.</p>`
    }
    <p><a href="${base}/billing/custom">Add or change a payment method</a></p></section>`
    : null;
  const card = html`<section aria-labelledby="card-t"><h2 id="card-t">Payment method</h2>
    <p data-testid="card-on-file">${o.paymentMethod ? `Visa ending ${o.paymentMethod.last4}` : 'No card on file.'}</p>${errorIn('card')}
    <form method="post" action="${base}/payment-method" novalidate>${csrfField}
      <label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" value="${state.card?.name ?? o.contact.fullName ?? ''}" required>
      <label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required>
      <div class="row"><div><label for="expiry">Expiry (MM/YY)</label><input id="expiry" name="expiry" autocomplete="cc-exp" required></div>
      <div><label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required></div></div>
      <button type="submit">Update card</button></form>
    <p class="hint">Sandbox: 4242 4242 4242 4242 pays; 4000 0000 0000 0341 is accepted, then every charge is declined.</p></section>`;

  const contracts = html`<section aria-labelledby="ctr-t"><h2 id="ctr-t">Contracts</h2>${errorIn('contract')}
    ${
      o.contracts.length
        ? html`<table data-testid="contracts"><tr><th>Contract</th><th>Status</th><th></th></tr>${o.contracts.map(
            (
              c,
            ) => html`<tr><td>${c.name}</td><td><span class="status">${c.status}</span>${c.signedAt ? html` <span class="note">${fmtDate(c.signedAt, tz)}</span>` : ''}</td>
              <td>${
                c.status === 'pending'
                  ? html`<form method="post" action="${base}/contracts/${c.id}/sign">${csrfField}<button type="submit" class="secondary">Sign ${c.name}</button></form>`
                  : c.status === 'signed'
                    ? html`<a href="${base}/contracts/${c.id}.pdf">PDF<span class="note"> ${c.name}</span></a>`
                    : ''
              }</td></tr>`,
          )}</table>`
        : html`<p class="note">No contracts.</p>`
    }</section>`;

  const v = o.identityVerification;
  const identity = html`<section aria-labelledby="id-t"><h2 id="id-t">Identity verification</h2>${errorIn('identity')}
    <p data-testid="identity-status">${
      v
        ? html`Status: <span class="status">${v.status}</span>${v.errorCode ? html` <span class="note">${v.errorCode.replace(/_/g, ' ')}</span>` : ''}`
        : 'Not verified yet.'
    }</p>
    ${
      !v || v.status === 'failed' || v.status === 'cancelled'
        ? html`<form method="post" action="${base}/identity-verification">${csrfField}<button type="submit" class="secondary">Verify my identity</button></form>
          <p class="hint">Sandbox: the check stays processing until its outcome is decided (POST /sandbox/identity_verifications/:id/decide).</p>`
        : ''
    }</section>`;

  return portalPage(
    operator,
    'Your storage',
    html`<section><h1>Hello${o.contact.fullName ? `, ${o.contact.fullName}` : ''}</h1><p class="sub">${o.contact.email}</p>${done}${fieldsOf(o.customFields, 'user', o.contact.id)}</section>
      ${units}${subs}${invoices}${addonMethods ?? card}${contracts}${identity}`,
    { csrf, signedIn: true },
  );
}
