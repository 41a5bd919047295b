import { html, type Html } from '../backoffice/html.ts';
import { money } from '../../kernel/money.ts';
import type { Operator } from '../../domain/context.ts';
import type { Site } from '../../domain/catalogue/site.ts';
import type { UnitType } from '../../domain/catalogue/unit-type.ts';
import type { Contract } from '../../domain/contracts/contract.ts';

/** The operator's storefront (the API's `sf` curie): sites, unit types with live prices and availability, booking. */
export function storefrontPage(operator: Operator, title: string, body: Html, single = false): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${operator.name}</title><link rel="stylesheet" href="/checkout/assets/checkout.css"><link rel="stylesheet" href="/portal/assets/portal.css"></head>
<body><header><a href="/storefront/${operator.slug}">${operator.name}</a><small>Self storage</small></header>
<main class="${single ? 'single' : 'portal'}">${body}</main></body></html>`.value;
}

export function sitesPage(operator: Operator, sites: Site[]): string {
  return storefrontPage(
    operator,
    'Our sites',
    html`<section><h1>Our sites</h1><ul class="cards" data-testid="sites">${sites.map(
      (s) => html`<li><a href="/storefront/${operator.slug}/sites/${s.slug}"><strong>${s.name}</strong></a>
        <div class="note">${s.address.line_1}, ${s.address.city} ${s.address.postal_code}</div></li>`,
    )}</ul>
    <p class="hint">Already a customer? <a href="/portal/${operator.slug}">Sign in to your customer portal</a>.</p></section>`,
  );
}

export interface UnitTypeOffer {
  unitType: UnitType;
  available: number;
}

const PERIOD: Record<string, string> = {
  weekly: 'week',
  monthly: 'month',
  every_four_weeks: '4 weeks',
  every_three_months: '3 months',
  every_six_months: '6 months',
  yearly: 'year',
};

function priceLine(operator: Operator, u: UnitType): Html {
  const p = u.prices.find((x) => x.billingPeriod === 'monthly') ?? u.prices.find((x) => x.billingPeriod !== 'one_time');
  if (!p) return html`<span class="note">Price on request</span>`;
  return html`<strong>${money(p.amount, operator.currency).formatted}</strong> <span class="note">per ${PERIOD[p.billingPeriod] ?? p.billingPeriod}</span>`;
}

export function sitePage(operator: Operator, site: Site, offers: UnitTypeOffer[]): string {
  return storefrontPage(
    operator,
    site.name,
    html`<section><h1>${site.name}</h1><p class="sub">${site.address.line_1}, ${site.address.city} ${site.address.postal_code}</p>
      ${site.description ? html`<p>${site.description}</p>` : ''}
      <table data-testid="unit-types"><tr><th>Unit</th><th>Size</th><th>Price</th><th>Available</th><th></th></tr>
      ${offers.map(
        ({
          unitType: u,
          available,
        }) => html`<tr><td><strong>${u.name}</strong></td><td>${u.sizeDescription}</td><td>${priceLine(operator, u)}</td>
          <td>${available > 0 ? `${available} available` : 'Sold out'}</td>
          <td>${
            u.status === 'bookable' && available > 0
              ? html`<a class="button" href="/storefront/${operator.slug}/sites/${site.slug}/order/contact-details?unit_type_slug=${encodeURIComponent(u.slug)}">Book ${u.name}</a>`
              : ''
          }</td></tr>`,
      )}</table></section>`,
  );
}

export interface BookingForm {
  email?: string;
  starts_on?: string;
  error?: string;
}

export function contactDetailsPage(
  operator: Operator,
  site: Site,
  offer: UnitTypeOffer,
  csrf: string,
  today: string,
  form: BookingForm = {},
): string {
  const u = offer.unitType;
  const action = `/storefront/${operator.slug}/sites/${site.slug}/order/contact-details?unit_type_slug=${encodeURIComponent(u.slug)}`;
  return storefrontPage(
    operator,
    'Your details',
    html`<section aria-labelledby="t"><h1 id="t">Book ${u.name} at ${site.name}</h1>
      <p class="sub">${u.sizeDescription} · ${priceLine(operator, u)} · ${offer.available} available</p>
      ${form.error ? html`<div class="error" role="alert">${form.error}</div>` : ''}
      ${
        u.status === 'bookable' && offer.available > 0
          ? html`<form method="post" action="${action}">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required value="${form.email ?? ''}">
        <label for="starts_on">Move-in date</label><input id="starts_on" name="starts_on" type="date" min="${today}" required value="${form.starts_on ?? today}">
        <button type="submit">Continue to payment</button></form>`
          : html`<p>This unit cannot be booked online right now.</p>`
      }
      <p class="hint"><a href="/storefront/${operator.slug}/sites/${site.slug}">Back to ${site.name}</a></p></section>`,
    true,
  );
}

export function contractPage(operator: Operator, c: Contract): string {
  return storefrontPage(
    operator,
    c.name,
    html`<section><h1>${c.name}</h1><p>Status: <span class="status">${c.status}</span></p>
      <p>${c.status === 'pending' ? 'Sign in to your customer portal to read and sign this contract.' : 'Your contracts are in your customer portal.'}</p>
      <p><a class="button" href="/portal/${operator.slug}">Open the customer portal</a></p></section>`,
    true,
  );
}

export function notFoundPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head><body><main class="single"><section><h1>Not found</h1><p>That page does not exist.</p></section></main></body></html>`;
}
