import { html } from './html.ts';
import { layout } from './layout.ts';
import { csrfField, field, type FieldErrors } from './form-fields.ts';

export interface SetupForm {
  values: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
}

/** The first-run page: the operator and its owner, behind the setup code printed by `lockyard start`. */
export function setupPage(csrf: string, f: SetupForm): string {
  const v = f.values;
  const e = f.errors ?? {};
  return layout(
    { title: 'Set up Lockyard', narrow: true },
    html`<h1>Set up Lockyard</h1>
      <p class="lead">No operator exists yet. Create yours and the owner’s sign-in. The setup code is printed on the server’s console where <code>lockyard start</code> runs.</p>
      ${f.message ? html`<div class="error" role="alert">${f.message}</div>` : ''}
      <form method="post" action="/backoffice/setup" class="card" novalidate>
        ${csrfField(csrf)}
        ${field({ name: 'setup_code', label: 'Setup code', value: v.setup_code, errors: e, required: true, autocomplete: 'off' })}
        <h2>Operator</h2>
        ${field({ name: 'name', label: 'Business name', value: v.name, errors: e, required: true, autocomplete: 'organization' })}
        <div class="grid-2">
          ${field({ name: 'currency', label: 'Currency', value: v.currency ?? 'GBP', errors: e, hint: 'ISO 4217, e.g. GBP, EUR', required: true })}
          ${field({ name: 'country', label: 'Country', value: v.country ?? 'GB', errors: e, hint: 'Two letters, e.g. GB, IE', required: true })}
        </div>
        ${field({ name: 'time_zone', label: 'Time zone', value: v.time_zone ?? 'Europe/London', errors: e, hint: 'IANA name, e.g. Europe/London', required: true })}
        <div class="grid-2">
          ${field({ name: 'tax_rates_unit_type', label: 'Tax on storage (%)', value: v.tax_rates_unit_type, errors: e, attrs: html`inputmode="decimal"` })}
          ${field({ name: 'tax_rates_protection', label: 'Tax on protection (%)', value: v.tax_rates_protection, errors: e, attrs: html`inputmode="decimal"` })}
          ${field({ name: 'tax_rates_product', label: 'Tax on products (%)', value: v.tax_rates_product, errors: e, attrs: html`inputmode="decimal"` })}
        </div>
        <h2>Owner</h2>
        ${field({ name: 'owner_name', label: 'Your name', value: v.owner_name, errors: e, required: true, autocomplete: 'name' })}
        ${field({ name: 'owner_email', label: 'Email', type: 'email', value: v.owner_email, errors: e, required: true, autocomplete: 'username' })}
        ${field({ name: 'owner_password', label: 'Password', type: 'password', errors: e, hint: 'At least 12 characters.', required: true, autocomplete: 'new-password' })}
        <div class="row"><button type="submit" class="primary">Create operator and sign in</button></div>
      </form>`,
  );
}
