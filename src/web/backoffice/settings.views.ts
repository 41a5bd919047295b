import type { Operator } from '../../domain/context.ts';
import type { LifecycleSettings } from '../../domain/operators/lifecycle-settings.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import { hasRole } from './web-kit.ts';
import { html, type Html } from './html.ts';
import { layout } from './layout.ts';
import { csrfField, field, select, type FieldErrors } from './form-fields.ts';

interface PageBase {
  session: StaffSession;
  csrf: string;
  notice?: string;
  message?: string;
  errors?: FieldErrors;
}

const banner = (p: PageBase): Html =>
  html`${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}${p.message ? html`<div class="error" role="alert">${p.message}</div>` : ''}`;

const crumbs = (here: string) => html`<nav class="crumbs"><a href="/backoffice/settings">Settings</a> › ${here}</nav>`;

/** Settings: one card per area. */
export function settingsIndexPage(p: PageBase): string {
  const areas: { href: string; title: string; text: string; owner?: boolean }[] = [
    {
      href: '/backoffice/settings/operator',
      title: 'Operator',
      text: 'Business name, time zone, country, currency and tax rates.',
    },
    {
      href: '/backoffice/settings/billing',
      title: 'Billing and automation',
      text: 'Payment retries (dunning), overlocking, automatic unit reservation and move-out deallocation.',
    },
    {
      href: '/backoffice/settings/email-templates',
      title: 'Email templates',
      text: 'The wording of the emails customers get: booking confirmation, move-in day, invoices, receipts, sign-in.',
    },
    {
      href: '/backoffice/settings/access-control',
      title: 'Access control',
      text: 'Which access-control provider opens and shuts your doors (gates, keypads, smart locks).',
    },
    {
      href: '/backoffice/settings/staff',
      title: 'Staff',
      text: 'Who can sign in to this back office, and with which role.',
      owner: true,
    },
    {
      href: '/backoffice/settings/addons',
      title: 'Add-ons',
      text: 'Install, configure and pause add-ons; their delivery log.',
    },
    {
      href: '/backoffice/settings/custom-fields',
      title: 'Custom fields',
      text: 'Fields of your own and of add-ons on units and rentals.',
    },
    {
      href: '/backoffice/settings/public-api',
      title: 'Public API',
      text: 'Access tokens, OAuth applications, authorised partner applications and webhook endpoints.',
    },
    {
      href: '/backoffice/settings/faults',
      title: 'Faults',
      text: 'Sandbox: latency, 429 storms, server errors and webhook failures on purpose, per token or application.',
    },
  ];
  return layout(
    { title: 'Settings', session: p.session, csrf: p.csrf },
    html`<h1>Settings</h1>${banner(p)}
      <p class="lead">Settings for ${p.session.current.operatorName}. You are signed in as ${p.session.current.role}.</p>
      <ul class="settings-areas">
        ${areas
          .filter((a) => !a.owner || hasRole(p.session, 'owner'))
          .map((a) => html`<li class="card"><h2><a href="${a.href}">${a.title}</a></h2><p>${a.text}</p></li>`)}
      </ul>`,
  );
}

export interface OperatorSettingsPage extends PageBase {
  operator: Operator;
  values: Record<string, string>;
  currencyLocked: boolean;
}

/** Settings → Operator: details and tax rates. */
export function operatorSettingsPage(p: OperatorSettingsPage): string {
  const v = p.values;
  const e = p.errors ?? {};
  return layout(
    { title: 'Operator settings', session: p.session, csrf: p.csrf },
    html`${crumbs('Operator')}<h1>Operator</h1>${banner(p)}
      <form method="post" action="/backoffice/settings/operator" class="card" novalidate>
        ${csrfField(p.csrf)}
        ${field({ name: 'name', label: 'Business name', value: v.name, errors: e, required: true })}
        <div class="grid-2">
          ${field({ name: 'time_zone', label: 'Time zone', value: v.time_zone, errors: e, hint: 'IANA name, e.g. Europe/London', required: true })}
          ${field({ name: 'country', label: 'Country', value: v.country, errors: e, hint: 'Two letters, e.g. GB', required: true })}
        </div>
        ${field({
          name: 'currency',
          label: 'Currency',
          value: v.currency,
          errors: e,
          readonly: p.currencyLocked,
          hint: p.currencyLocked ? 'Fixed: invoices were already issued in this currency.' : 'ISO 4217, e.g. GBP',
        })}
        <h2>Tax rates</h2>
        <p class="hint">Percent per line type; saving applies them to every site. Blank: no tax.</p>
        <div class="grid-2">
          ${field({ name: 'tax_rates_unit_type', label: 'Storage (%)', value: v.tax_rates_unit_type, errors: e, attrs: html`inputmode="decimal"` })}
          ${field({ name: 'tax_rates_protection', label: 'Protection (%)', value: v.tax_rates_protection, errors: e, attrs: html`inputmode="decimal"` })}
          ${field({ name: 'tax_rates_product', label: 'Products (%)', value: v.tax_rates_product, errors: e, attrs: html`inputmode="decimal"` })}
        </div>
        <div class="row"><button type="submit" class="primary">Save operator</button></div>
      </form>`,
  );
}

export interface BillingSettingsPage extends PageBase {
  values: {
    dunning_retry_days: string;
    overlock_after_days: string;
    auto_reservation: boolean;
    auto_deallocation: boolean;
  };
  settings: LifecycleSettings;
}

/** Settings → Billing and automation: the lifecycle settings the scheduler and the booking flow read. */
export function billingSettingsPage(p: BillingSettingsPage): string {
  const v = p.values;
  const e = p.errors ?? {};
  const days = p.settings.dunningRetryDays;
  return layout(
    { title: 'Billing settings', session: p.session, csrf: p.csrf },
    html`${crumbs('Billing and automation')}<h1>Billing and automation</h1>${banner(p)}
      <form method="post" action="/backoffice/settings/billing" class="card" novalidate>
        ${csrfField(p.csrf)}
        <h2>Failed payments</h2>
        ${field({
          name: 'dunning_retry_days',
          label: 'Retry after (days)',
          value: v.dunning_retry_days,
          errors: e,
          hint: 'Days after the first failed collection at which payment is retried, e.g. 3, 5, 7. After the last retry fails the invoice is uncollectible.',
        })}
        ${field({ name: 'overlock_after_days', label: 'Overlock after (days)', value: v.overlock_after_days, errors: e, hint: 'Days an invoice may stay unpaid after it fell due before the tenant’s units are overlocked. Blank: never.', attrs: html`inputmode="numeric"` })}
        <p class="hint" id="uncollectible">Now: ${days.length ? `retries on days ${days.join(', ')}; uncollectible after day ${days[days.length - 1]}` : 'no retries; uncollectible after the first failure'}.</p>
        <h2>Automation</h2>
        <label class="check"><input type="checkbox" name="auto_reservation" value="on"${v.auto_reservation ? html` checked` : ''}> Reserve a unit automatically when a booking completes</label>
        <label class="check"><input type="checkbox" name="auto_deallocation" value="on"${v.auto_deallocation ? html` checked` : ''}> Free the units at move-out (deallocate)</label>
        <div class="row"><button type="submit" class="primary">Save billing settings</button></div>
      </form>`,
  );
}

export interface AccessSettingsPage extends PageBase {
  /** The registry's names: the built-in `simulated` and the add-ons handed in at start. */
  providers: string[];
  provider: string;
}

/** Settings → Access control: the provider that hears the operator's unit changes (grant, restrict, revoke). */
export function accessSettingsPage(p: AccessSettingsPage): string {
  const label = (name: string) => (name === 'simulated' ? 'simulated (built in: codes shown on each unit page)' : name);
  return layout(
    { title: 'Access control settings', session: p.session, csrf: p.csrf },
    html`${crumbs('Access control')}<h1>Access control</h1>${banner(p)}
      <form method="post" action="/backoffice/settings/access-control" class="card" novalidate>
        ${csrfField(p.csrf)}
        <p class="hint">Reserving or occupying a unit grants its tenant access, an overlock restricts it, a move-out or repossession revokes it. Only the provider chosen here is told. Doors the previous provider set are not moved over: the new one hears each unit’s next change.</p>
        ${select({
          name: 'provider',
          label: 'Provider',
          value: p.provider,
          options: p.providers.map((n) => ({ value: n, label: label(n) })),
          errors: p.errors,
        })}
        <div class="row"><button type="submit" class="primary">Save provider</button></div>
      </form>`,
  );
}
