import { html, when, type Html } from './html.ts';
import { layout } from './layout.ts';
import { banners, csrfField, formatMoney, type Banners } from './form-kit.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { PricedOrderView } from '../../domain/orders/order.ts';
import type { Unit } from '../../domain/catalogue/unit.ts';
import type { BillingPeriod } from '../../domain/catalogue/price.ts';
import type { Rental } from './contacts.views.ts';

export interface Choice {
  value: string;
  label: string;
}

export interface BookingsPage extends Banners {
  session: StaffSession;
  csrf: string;
  unitTypes: Choice[];
  protections: Choice[];
  coupons: Choice[];
  today: string;
  arrivals: Array<{ unit: Unit; contactId: string; contactName: string; tenancyId: string; startsAt: Date }>;
  typed?: Record<string, string>;
}

const options = (choices: Choice[], chosen: string | undefined, blank?: string) =>
  html`${blank ? html`<option value="">${blank}</option>` : ''}${choices.map(
    (c) => html`<option value="${c.value}" ${c.value === chosen ? html`selected` : ''}>${c.label}</option>`,
  )}`;

/** A walk-in booking (an order with source `backoffice`), and who is due to move in (reserved units). */
export function bookingsPage(p: BookingsPage): string {
  const t = p.typed ?? {};
  const payment = t.payment ?? 'card';
  return layout(
    { title: 'Bookings', session: p.session, csrf: p.csrf },
    html`<h1>Bookings</h1>
      ${banners(p)}
      <section class="card" id="walk-in"><header><h2>Book a walk-in</h2><p>An order like the API's, then payment.</p></header>
        <form method="post" action="/backoffice/bookings">
          ${csrfField(p.csrf)}
          <div class="grid-2">
            <div>
              <label for="contact">Contact (email or contact id; a new email creates the contact)</label>
              <input type="text" id="contact" name="contact" value="${t.contact ?? ''}" required>
              <label for="full_name">Full name (new contact)</label>
              <input type="text" id="full_name" name="full_name" value="${t.full_name ?? ''}">
              <label for="phone_number">Phone (new contact)</label>
              <input type="text" id="phone_number" name="phone_number" value="${t.phone_number ?? ''}">
            </div>
            <div>
              <label for="unit_type_id">Unit type</label>
              <select id="unit_type_id" name="unit_type_id" required>${options(p.unitTypes, t.unit_type_id)}</select>
              <label for="starts_on">Move-in date (site time)</label>
              <input type="date" id="starts_on" name="starts_on" value="${t.starts_on ?? p.today}" required>
              <label for="protection_id">Protection</label>
              <select id="protection_id" name="protection_id">${options(p.protections, t.protection_id, 'none')}</select>
              <label for="coupon_id">Coupon</label>
              <select id="coupon_id" name="coupon_id">${options(p.coupons, t.coupon_id, 'none')}</select>
            </div>
          </div>
          <fieldset class="operator-choice"><legend>Payment</legend>
            <label><input type="radio" name="payment" value="card" ${payment === 'card' ? html`checked` : ''}> Card in person (now, at the desk)</label>
            <label><input type="radio" name="payment" value="link" ${payment === 'link' ? html`checked` : ''}> Checkout link for the customer</label>
          </fieldset>
          <div class="row"><button type="submit" class="primary">Create booking</button></div>
        </form>
      </section>
      <section class="card" id="arrivals"><header><h2>Awaiting move-in</h2><p>Reserved units; moving in grants access to the door.</p></header>
        ${
          p.arrivals.length
            ? html`<table><tr><th>Unit</th><th>Contact</th><th>Move-in</th><th></th></tr>
              ${p.arrivals.map(
                (a) => html`<tr id="arrival-${a.unit.id}">
                  <td><a href="/backoffice/units/${a.unit.id}">${a.unit.referenceId}</a></td>
                  <td><a href="/backoffice/contacts/${a.contactId}">${a.contactName}</a></td>
                  <td>${when(a.startsAt)}</td>
                  <td class="actions"><form method="post" action="/backoffice/tenancies/${a.tenancyId}/move-in">${csrfField(p.csrf)}<input type="hidden" name="unit_id" value="${a.unit.id}"><button type="submit" class="small primary" aria-label="Move in to ${a.unit.referenceId}">Move in</button></form></td>
                </tr>`,
              )}</table>`
            : html`<p class="empty">No reserved units.</p>`
        }
      </section>`,
  );
}

/** A billing period as a sentence ends: "£34.80 per month". */
const EVERY: Record<BillingPeriod, string> = {
  weekly: 'per week',
  monthly: 'per month',
  every_four_weeks: 'every four weeks',
  every_three_months: 'every three months',
  every_six_months: 'every six months',
  yearly: 'per year',
};

export interface OrderPage extends Banners {
  session: StaffSession;
  csrf: string;
  currency: string;
  view: PricedOrderView;
  paymentUrl: string | null;
  contactName: string;
  typedName?: string;
}

/** The booking's order: what it costs, the checkout link to hand over, or the card taken at the desk (sandbox). */
export function orderPage(p: OrderPage): string {
  const o = p.view.order;
  const m = (n: number) => formatMoney(n, p.currency);
  const totals = p.view.pricing.totals;
  return layout(
    { title: 'Booking', session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/bookings">Bookings</a></nav>
      <h1>Booking for ${p.contactName} <span class="badge" id="order-status" data-status="${o.status}">${o.status}</span></h1>
      ${banners(p)}
      <section class="card">
        <table>
          <tr><th>Order</th><td class="mono">${o.id}</td></tr>
          <tr><th>Move-in</th><td>${o.startsNow ? 'now' : when(o.startsAt)}</td></tr>
          <tr><th>Recurring</th><td>${m(totals.total)} ${o.billingPeriod ? EVERY[o.billingPeriod] : 'per period'}</td></tr>
          <tr><th>One-off</th><td>${m(totals.oneTimeTotal)}</td></tr>
          <tr><th>Source</th><td>${o.source}</td></tr>
        </table>
        ${
          o.status === 'completed' && o.contactId
            ? html`<p><a class="button" href="/backoffice/contacts/${o.contactId}#rentals">Open the contact</a></p>`
            : ''
        }
      </section>
      ${
        o.status === 'finalized'
          ? html`<section class="card" id="checkout-link"><header><h2>Checkout link</h2><p>Send or show it to the customer.</p></header>
              <p><a href="${p.paymentUrl ?? ''}" id="payment-url">${p.paymentUrl}</a></p>
            </section>
            <section class="card" id="card-in-person"><header><h2>Card in person</h2><p>Sandbox: 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.</p></header>
              <form method="post" action="/backoffice/bookings/orders/${o.id}/card" autocomplete="off">
                ${csrfField(p.csrf)}
                <label for="card-name">Name on card</label>
                <input type="text" id="card-name" name="name" value="${p.typedName ?? ''}" required>
                <label for="card-number">Card number</label>
                <input type="text" id="card-number" name="card_number" inputmode="numeric" required>
                <div class="grid-2">
                  <div><label for="card-expiry">Expiry (MM/YY)</label><input type="text" id="card-expiry" name="expiry" required></div>
                  <div><label for="card-cvc">CVC</label><input type="text" id="card-cvc" name="cvc" inputmode="numeric" required></div>
                </div>
                <div class="row"><button type="submit" class="primary">Take payment</button></div>
              </form>
            </section>`
          : ''
      }`,
  );
}

/** The rental's forms on the contact's page: move in (grant access), transfer to another unit, give notice. */
export function rentalActions(csrf: string, r: Rental & { availableUnits?: Unit[] }): Html {
  const held = r.units.find((u) => u.status === 'reserved' || u.status === 'occupied');
  const reserved = r.units.find((u) => u.status === 'reserved');
  const free = r.availableUnits ?? [];
  const pick = (id: string, name: string) =>
    html`<select id="${id}" name="${name}">${free.map((u) => html`<option value="${u.id}">${u.referenceId}</option>`)}</select>`;
  const forms: Html[] = [];
  if (reserved)
    forms.push(
      html`<form method="post" action="/backoffice/tenancies/${r.tenancy.id}/move-in" class="row">${csrfField(csrf)}<input type="hidden" name="unit_id" value="${reserved.id}"><button type="submit" class="primary">Move in to ${reserved.referenceId} (grant access)</button></form>`,
    );
  else if (!r.units.length && free.length && !r.tenancy.endsAt)
    forms.push(
      html`<form method="post" action="/backoffice/tenancies/${r.tenancy.id}/move-in" class="row">${csrfField(csrf)}<label for="move-in-${r.tenancy.id}" class="inline">Unit</label>${pick(`move-in-${r.tenancy.id}`, 'unit_id')}<button type="submit" class="primary">Move in (grant access)</button></form>`,
    );
  if (held && free.length)
    forms.push(
      html`<form method="post" action="/backoffice/tenancies/${r.tenancy.id}/transfer" class="row">${csrfField(csrf)}<input type="hidden" name="from_unit_id" value="${held.id}"><label for="transfer-${r.tenancy.id}" class="inline">Transfer from ${held.referenceId} to</label>${pick(`transfer-${r.tenancy.id}`, 'to_unit_id')}<button type="submit">Transfer</button></form>`,
    );
  if (r.subscription && !r.subscription.cancelled)
    forms.push(
      html`<form method="post" action="/backoffice/tenancies/${r.tenancy.id}/notice" class="row">${csrfField(csrf)}${held ? html`<input type="hidden" name="unit_id" value="${held.id}">` : ''}<label for="notice-${r.tenancy.id}" class="inline">Move-out date</label><input type="date" id="notice-${r.tenancy.id}" name="ends_on" required><button type="submit" class="danger">Give notice</button></form>`,
    );
  return html`${forms}`;
}
