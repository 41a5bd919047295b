import { html, type Html } from '../backoffice/html.ts';
import { money } from '../../kernel/money.ts';
import { isoSeconds } from '../../kernel/clock.ts';
import type { CheckoutView } from '../../domain/orders/orders.service.ts';
import type { PricedLine } from '../../domain/pricing/order-pricing.ts';

const EVERY: Record<string, string> = {
  weekly: 'week',
  monthly: 'month',
  every_four_weeks: '4 weeks',
  every_three_months: '3 months',
  every_six_months: '6 months',
  yearly: 'year',
};

export function page(
  title: string,
  operatorName: string,
  body: Html,
  single = false,
  area = 'Secure checkout (sandbox)',
): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${operatorName}</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head>
<body><header>${operatorName}<small>${area}</small></header>
<main class="${single ? 'single' : ''}">${body}</main></body></html>`.value;
}

function startDate(c: CheckoutView): string {
  const o = c.view.order;
  if (o.startsNow || !o.startsAt) return 'As soon as you book';
  return (isoSeconds(o.startsAt) ?? '').slice(0, 10);
}

function lineRows(c: CheckoutView, lines: PricedLine[], fmt: (n: number) => string): Html[] {
  return lines.map(
    (l) => html`<tr><td>${c.names.get(l.id) ?? l.type}${l.quantity > 1 ? html` × ${l.quantity}` : ''}
      ${l.discountTotal ? html`<div class="note">Discount −${fmt(l.discountTotal)}</div>` : ''}
      ${l.tax ? html`<div class="note">Tax ${fmt(l.tax)}</div>` : ''}</td>
      <td class="amount">${fmt(l.totalExcludingTax - l.discountTotal + l.tax)}</td></tr>`,
  );
}

/** What the customer is agreeing to: what is billed now and what is billed each period. */
export function summary(c: CheckoutView): Html {
  const { pricing, order } = c.view;
  const fmt = (n: number) => money(n, c.ctx.operator.currency).formatted;
  const recurring = pricing.lines.filter((l) => l.chargeType === 'recurring');
  const oneTime = pricing.lines.filter((l) => l.chargeType === 'one_time');
  const every = EVERY[order.billingPeriod ?? ''] ?? 'period';
  return html`<section aria-labelledby="summary-title">
    <h1 id="summary-title">Your booking</h1>
    <p class="sub">${c.siteName}</p>
    <dl><dt>Move-in</dt><dd>${startDate(c)}</dd><dt>Billing</dt><dd>Every ${every}</dd>
    ${c.contactEmail ? html`<dt>Email</dt><dd>${c.contactEmail}</dd>` : ''}</dl>
    <h2>Billed now</h2>
    <table data-testid="billed-now">${oneTime.length ? lineRows(c, oneTime, fmt) : html`<tr><td class="note">Nothing is charged today.</td><td></td></tr>`}
      <tr class="total"><td>Due today</td><td class="amount">${fmt(pricing.totals.oneTimeTotal)}</td></tr></table>
    <h2>Billed every ${every}</h2>
    <table data-testid="billed-each-period">${lineRows(c, recurring, fmt)}
      <tr class="total"><td>Each ${every}${pricing.totals.totalDiscount ? ' (after discount)' : ''}</td><td class="amount">${fmt(pricing.totals.total)}</td></tr></table>
    <p class="hint">Your first ${every}'s charges are invoiced at the start of your first billing cycle.</p>
  </section>`;
}

export interface FormState {
  name?: string;
  error?: { field: string; message: string };
}

export function checkoutPage(c: CheckoutView, token: string, state: FormState = {}): string {
  const invalid = (f: string) => (state.error?.field === f ? 'true' : 'false');
  const form = html`<section aria-labelledby="pay-title">
    <h1 id="pay-title">Payment details</h1>
    <p class="sub">Your card is saved for your storage payments.</p>
    ${state.error ? html`<div class="error" role="alert" id="form-error">${state.error.message}</div>` : ''}
    <form method="post" action="/checkout/${token}" novalidate>
      <label for="name">Name on card</label>
      <input id="name" name="name" autocomplete="cc-name" value="${state.name ?? c.contactName ?? ''}" aria-invalid="${invalid('name')}" required>
      <label for="card_number">Card number</label>
      <input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" aria-invalid="${invalid('card_number')}" required>
      <div class="row"><div><label for="expiry">Expiry (MM/YY)</label>
      <input id="expiry" name="expiry" autocomplete="cc-exp" placeholder="12/30" aria-invalid="${invalid('expiry')}" required></div>
      <div><label for="cvc">CVC</label>
      <input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" aria-invalid="${invalid('cvc')}" required></div></div>
      <button type="submit">Confirm booking</button>
    </form>
    <a class="cancel" href="${c.view.order.cancelRedirectUrl ?? '/'}">Cancel and go back</a>
    <p class="hint">Sandbox: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined. Nothing is charged.</p>
  </section>`;
  return page('Checkout', c.ctx.operator.name, html`${summary(c)}${form}`);
}

export function messagePage(operatorName: string, title: string, message: Html | string): string {
  return page(title, operatorName, html`<section><h1>${title}</h1><p>${message}</p></section>`, true);
}

export function accountSetupPage(c: CheckoutView, token: string, state: { done?: boolean } = {}): string {
  const portal = `/portal/${c.ctx.operator.slug}`;
  const body = state.done
    ? html`<section><h1>Your account is ready</h1><p class="ok" role="status">You are signed in to the ${c.ctx.operator.name} customer portal.</p>
        <p>From the portal you see your unit and access code, your subscription and invoices, update your card, give notice, and sign your contract if there is one.</p>
        <p><a class="button" href="${portal}">Go to your customer portal</a></p>
        <p class="hint">Next time, sign in with a link emailed to ${c.contactEmail ?? 'you'}.</p></section>`
    : html`<section aria-labelledby="setup-title">
        <p class="ok" role="status">Booking confirmed: thank you${c.contactName ? `, ${c.contactName}` : ''}!</p>
        <h1 id="setup-title">Set up your account</h1>
        <p class="sub">Open your ${c.ctx.operator.name} customer portal account: no password, you sign in later with a link emailed to you.</p>
        <form method="post" action="/portal/account-setup/${token}">
          <label for="email">Email</label><input id="email" name="email" value="${c.contactEmail ?? ''}" readonly>
          <button type="submit">Create account</button>
        </form>
        <p class="hint">Order ${c.view.order.id} · Tenancy ${c.view.order.tenancyId ?? '—'}</p>
      </section>`;
  return page('Account setup', c.ctx.operator.name, body, true, 'Customer portal');
}
