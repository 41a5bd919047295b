import { html, type Html } from './html.ts';
import { layout } from './layout.ts';
import { money } from '../../kernel/money.ts';
import type { StaffSession } from '../../domain/staff-auth/staff-logins.service.ts';
import type { Site } from '../../domain/catalogue/site.ts';
import type { UnitType } from '../../domain/catalogue/unit-type.ts';
import type { Coupon } from '../../domain/catalogue/coupon.ts';
import type { ProtectionLevel } from '../../domain/catalogue/protection-level.ts';
import type { Product } from '../../domain/catalogue/product.ts';
import type { Price } from '../../domain/catalogue/price.ts';
import { renderForm, type Field, type FormError, type Values } from './catalogue-form.ts';

export interface OpenForm {
  kind: string;
  values: Values;
  error: FormError;
}

export interface CatalogueOverview {
  session: StaffSession;
  csrf: string;
  canEdit: boolean;
  currency: string;
  sites: Site[];
  unitTypes: UnitType[];
  coupons: Coupon[];
  protectionLevels: ProtectionLevel[];
  products: Product[];
  createFields: Record<string, Field[]>;
  defaults: Record<string, Values>;
  notice?: string;
  /** A create form refused: reopened with what was typed and the error. */
  open?: OpenForm;
}

const priceOf = (prices: Price[], period: string, currency: string) => {
  const p = prices.find((x) => x.billingPeriod === period);
  return p ? money(p.amount, currency).formatted : '—';
};

function createForm(p: CatalogueOverview, kind: string, label: string): Html | string {
  if (!p.canEdit) return '';
  const open = p.open?.kind === kind ? p.open : undefined;
  return html`<details class="form-toggle" ${open ? html`open` : ''}>
    <summary>New ${label}</summary>
    ${renderForm({
      id: `create-${kind}`,
      action: `/backoffice/catalogue/${kind}`,
      csrf: p.csrf,
      fields: p.createFields[kind],
      values: open?.values ?? p.defaults[kind] ?? {},
      submit: `Create ${label}`,
      error: open?.error,
    })}
  </details>`;
}

const edit = (kind: string, id: string, text: Html | string) =>
  html`<a href="/backoffice/catalogue/${kind}/${id}">${text}</a>`;

/** The catalogue: sites, unit types, coupons, protection levels and products, with create forms for managers. */
export function catalogueOverview(p: CatalogueOverview): string {
  const c = p.currency;
  const siteName = new Map(p.sites.map((s) => [s.id, s.name]));
  return layout(
    { title: 'Catalogue', session: p.session, csrf: p.csrf },
    html`<h1>Catalogue</h1>
      ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
      ${p.canEdit ? '' : html`<p class="lead">Viewing only: creating and editing the catalogue needs the manager role.</p>`}
      <section class="card" id="sites"><header><h2>Sites</h2></header>
        <table><thead><tr><th scope="col">Site</th><th scope="col">City</th><th scope="col">Time zone</th><th scope="col">Units</th></tr></thead><tbody>
        ${p.sites.map((s) => html`<tr><td>${edit('sites', s.id, s.name)}</td><td>${s.address.city}</td><td>${s.timezone}</td><td><a href="/backoffice/units?site_id=${s.id}">unit grid</a></td></tr>`)}
        </tbody></table>
        ${createForm(p, 'sites', 'site')}
      </section>
      <section class="card" id="unit-types"><header><h2>Unit types and units</h2><p>Units are added to a unit type; edit one from its page in the unit grid.</p></header>
        <table><thead><tr><th scope="col">Unit type</th><th scope="col">Site</th><th scope="col">Availability</th><th scope="col">Weekly</th><th scope="col">Monthly</th><th scope="col">Units</th></tr></thead><tbody>
        ${p.unitTypes.map((u) => html`<tr data-unit-type="${u.id}"><td>${edit('unit-types', u.id, u.name)}</td><td>${siteName.get(u.siteId) ?? u.siteId}</td><td>${u.status.replace(/_/g, ' ')}</td><td>${priceOf(u.prices, 'weekly', c)}</td><td data-monthly>${priceOf(u.prices, 'monthly', c)}</td><td><a href="/backoffice/units?site_id=${u.siteId}&amp;unit_type_id=${u.id}">units</a></td></tr>`)}
        </tbody></table>
        ${createForm(p, 'unit-types', 'unit type')}
        ${createForm(p, 'units', 'unit')}
      </section>
      <section class="card" id="coupons"><header><h2>Coupons and promotions</h2><p>A coupon becomes a unit type’s promotion on the unit type’s page.</p></header>
        <table><thead><tr><th scope="col">Coupon</th><th scope="col">Code</th><th scope="col">Discount</th><th scope="col">Duration</th><th scope="col">Public</th></tr></thead><tbody>
        ${p.coupons.map((x) => html`<tr><td>${edit('coupons', x.id, x.name)}</td><td class="mono">${x.code ?? '—'}</td><td>${x.type === 'percentage' ? `${x.percent}%` : money(x.amount ?? 0, c).formatted}</td><td>${x.duration}${x.months ? ` (${x.months} months)` : ''}</td><td>${x.public ? 'yes' : 'no'}</td></tr>`)}
        </tbody></table>
        ${createForm(p, 'coupons', 'coupon')}
      </section>
      <section class="card" id="protection-levels"><header><h2>Protection levels</h2></header>
        <table><thead><tr><th scope="col">Cover</th><th scope="col">Monthly</th><th scope="col">Account code</th><th scope="col">In checkout</th></tr></thead><tbody>
        ${p.protectionLevels.map((x) => html`<tr><td>${edit('protection-levels', x.id, money(x.coverLevel, c).formatted)}</td><td>${priceOf(x.prices, 'monthly', c)}</td><td>${x.accountCode ?? '—'}</td><td>${x.public ? 'yes' : 'no'}</td></tr>`)}
        </tbody></table>
        ${createForm(p, 'protection-levels', 'protection level')}
      </section>
      <section class="card" id="products"><header><h2>Products</h2></header>
        <table><thead><tr><th scope="col">Product</th><th scope="col">Site</th><th scope="col">Charged</th><th scope="col">Price</th></tr></thead><tbody>
        ${p.products.map((x) => html`<tr><td>${edit('products', x.id, x.name)}</td><td>${siteName.get(x.siteId) ?? x.siteId}</td><td>${x.chargeType.replace(/_/g, ' ')}</td><td>${priceOf(x.prices, x.chargeType === 'one_time' ? 'one_time' : 'monthly', c)}</td></tr>`)}
        </tbody></table>
        ${createForm(p, 'products', 'product')}
      </section>`,
  );
}

/** One catalogue item: its edit form and, for priced kinds, its base prices per period. */
export function catalogueItemPage(p: {
  session: StaffSession;
  csrf: string;
  canEdit: boolean;
  kind: string;
  label: string;
  id: string;
  name: string;
  fields: Field[];
  values: Values;
  priceFields?: Field[];
  notice?: string;
  error?: FormError;
  /** Which form the error belongs to. */
  failed?: 'edit' | 'prices';
  extra?: Html;
}): string {
  const base = `/backoffice/catalogue/${p.kind}/${p.id}`;
  const readOnly = (fields: Field[]) =>
    html`<table>${fields.map((f) => html`<tr><th scope="row">${f.label}</th><td>${f.type === 'checkbox' ? (p.values[f.name] === 'on' ? 'yes' : 'no') : (f.options?.find(([v]) => v === p.values[f.name])?.[1] ?? p.values[f.name]) || '—'}</td></tr>`)}</table>`;
  return layout(
    { title: `${p.label[0].toUpperCase()}${p.label.slice(1)} ${p.name}`, session: p.session, csrf: p.csrf },
    html`<nav class="crumbs"><a href="/backoffice/catalogue">Catalogue</a></nav>
      <h1>${p.label[0].toUpperCase()}${p.label.slice(1)}: ${p.name}</h1>
      ${p.notice ? html`<div class="notice" role="status">${p.notice}</div>` : ''}
      <p class="mono">${p.id}</p>
      <section class="card"><header><h2>Details</h2></header>
        ${
          p.canEdit
            ? renderForm({
                id: 'edit',
                action: base,
                csrf: p.csrf,
                fields: p.fields,
                values: p.values,
                submit: 'Save',
                error: p.failed === 'edit' ? p.error : undefined,
              })
            : readOnly(p.fields)
        }
      </section>
      ${
        p.priceFields
          ? html`<section class="card" id="prices"><header><h2>Base prices</h2><p>Blank periods stay as they are; a changed price gets a new price id.</p></header>
            ${
              p.canEdit
                ? renderForm({
                    id: 'edit-prices',
                    action: `${base}/prices`,
                    csrf: p.csrf,
                    fields: p.priceFields,
                    values: p.values,
                    submit: 'Save prices',
                    error: p.failed === 'prices' ? p.error : undefined,
                  })
                : readOnly(p.priceFields)
            }
          </section>`
          : ''
      }
      ${p.extra ?? ''}`,
  );
}
