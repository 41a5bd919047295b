import type { Services } from '../../domain/services.ts';
import type { OperatorContext } from '../../domain/context.ts';
import { BILLING_PERIODS, type Price, type PricePeriod } from '../../domain/catalogue/price.ts';
import { UNIT_TYPE_STATUSES, type UnitTypeStatus } from '../../domain/catalogue/unit-type.ts';
import { COUPON_DURATIONS, COUPON_TYPES, type CouponDuration, type CouponType } from '../../domain/catalogue/coupon.ts';
import { CHARGE_TYPES, type ChargeType } from '../../domain/catalogue/product.ts';
import { periodsFor } from '../../domain/catalogue/products.service.ts';
import type { BasePriceInput } from '../../domain/catalogue/base-prices.ts';
import { DomainError } from '../../kernel/errors.ts';
import { checked, decimal, integer, major, minor, orNull, text, type Field, type Values } from './catalogue-form.ts';

/**
 * The catalogue's editable kinds, each a field list plus the domain service calls the API and the CLI use (so the
 * same events fire in the same transaction, and refusals carry the API's messages). Values are form strings.
 */
export interface Lookups {
  sites: Array<{ id: string; name: string }>;
  unitTypes: Array<{ id: string; name: string; siteId: string }>;
  coupons: Array<{ id: string; name: string }>;
  categories: Array<{ id: string; name: string }>;
}

export interface Kind {
  label: string;
  createFields(l: Lookups): Field[];
  editFields(l: Lookups, values: Values): Field[];
  /** The item's current values as the edit form shows them; `name` titles the page. */
  load(
    s: Services,
    ctx: OperatorContext,
    id: string,
  ): Promise<{ values: Values; name: string; prices?: Price[]; periods?: readonly PricePeriod[] }>;
  create(s: Services, ctx: OperatorContext, v: Values): Promise<{ id: string }>;
  update(s: Services, ctx: OperatorContext, id: string, v: Values): Promise<unknown>;
  setPrices?(s: Services, ctx: OperatorContext, id: string, prices: BasePriceInput): Promise<unknown>;
  /** The defaults a new item's form starts with. */
  defaults?: Values;
}

const opts = (list: readonly string[]) => list.map((v) => [v, v.replace(/_/g, ' ')] as const);
const withNone = (list: Array<{ id: string; name: string }>, none: string) => [
  ['', none] as const,
  ...list.map((x) => [x.id, x.name] as const),
];

/** Prices typed per period (blank = unchanged) → the API's base-price body; none at all is the API's refusal. */
export function pricesFrom(v: Values, periods: readonly PricePeriod[], currency: string): BasePriceInput {
  const out: BasePriceInput = {};
  for (const p of periods) {
    const amount = minor(v[p], `/${p}/amount`, currency);
    if (amount !== undefined) out[p] = { amount };
  }
  if (!Object.keys(out).length)
    throw new DomainError('invalid_content', 'The request body content is not valid.', [
      { pointer: '', message: 'value at `/` must NOT have fewer than 1 properties' },
    ]);
  return out;
}

/** An item's base prices as the prices form shows them, keyed by period. */
const priceValues = (prices: Price[], currency: string): Values =>
  Object.fromEntries(prices.map((p) => [p.billingPeriod, major(p.amount, currency)]));

export const priceFields = (periods: readonly PricePeriod[], currency: string): Field[] =>
  periods.map((p) => ({ name: p, label: `${p.replace(/_/g, ' ')} (${currency})`, type: 'money' as const }));

const dimensionFields: Field[] = [
  { name: 'size_description', label: 'Size description', hint: 'e.g. 5 ft × 5 ft, a large cupboard' },
  { name: 'width', label: 'Width', type: 'number' },
  { name: 'length', label: 'Length', type: 'number' },
  { name: 'height', label: 'Height', type: 'number' },
  {
    name: 'measurement_unit',
    label: 'Measured in',
    type: 'select',
    options: [
      ['ft', 'feet'],
      ['m', 'metres'],
    ],
  },
];

function dimensions(v: Values) {
  if (![v.width, v.length, v.height].some((x) => text(x) !== undefined)) return undefined;
  return {
    width: decimal(v.width, '/dimensions/width') ?? 0,
    length: decimal(v.length, '/dimensions/length') ?? 0,
    height: decimal(v.height, '/dimensions/height') ?? 0,
    measurement_unit: (v.measurement_unit === 'm' ? 'm' : 'ft') as 'ft' | 'm',
  };
}

/** A unit type's fields after its name and slug, on both forms. */
const unitTypeFields: Field[] = [
  ...dimensionFields,
  { name: 'status', label: 'Availability', type: 'select', options: opts(UNIT_TYPE_STATUSES) },
  { name: 'security_deposit', label: 'Security deposit', type: 'money', hint: 'Blank: none' },
  { name: 'require_insurance_coverage', label: 'Requires protection', type: 'checkbox' },
];

const siteFields: Field[] = [
  { name: 'name', label: 'Name', required: true },
  { name: 'slug', label: 'Slug', hint: 'The storefront path; default from the name' },
  { name: 'timezone', label: 'Time zone', required: true, hint: 'IANA name, e.g. Europe/London' },
  { name: 'phone', label: 'Phone' },
  { name: 'address_line_1', label: 'Address line 1', required: true },
  { name: 'address_line_2', label: 'Address line 2' },
  { name: 'address_city', label: 'City', required: true },
  { name: 'address_postal_code', label: 'Postal code', required: true },
  { name: 'directions_google_maps_url', label: 'Google Maps link' },
  { name: 'description', label: 'Description', type: 'textarea' },
];

const address = (v: Values) => ({
  line_1: text(v.address_line_1) ?? '',
  line_2: orNull(v.address_line_2),
  city: text(v.address_city) ?? '',
  postal_code: text(v.address_postal_code) ?? '',
});

/** A site's fields as create and update both take them (the slug differs: blank on create means from the name). */
const siteInput = (v: Values) => ({
  name: v.name ?? '',
  timezone: text(v.timezone) ?? '',
  phone: orNull(v.phone),
  description: orNull(v.description),
  address: address(v),
  googleMapsUrl: orNull(v.directions_google_maps_url),
});

/** What a coupon's edit form sets; its create form sets the discount too. */
const couponInput = (v: Values) => ({
  name: v.name ?? '',
  title: orNull(v.title),
  code: orNull(v.code),
  maxRedemptions: integer(v.max_redemptions, '/max_redemptions') ?? null,
  public: checked(v.public),
});

const protectionFields: Field[] = [
  { name: 'cover_level', label: 'Cover', type: 'money', required: true },
  { name: 'account_code', label: 'Account code' },
  { name: 'public', label: 'Offered in checkout', type: 'checkbox' },
];

const protectionInput = (v: Values, currency: string) => ({
  coverLevel: minor(v.cover_level, '/cover_level', currency) ?? NaN,
  accountCode: orNull(v.account_code),
  public: checked(v.public),
});

/** A product's fields after its name, on both forms (create adds the site, the charge type and a price). */
const productFields = (l: Lookups): Field[] => [
  { name: 'category_id', label: 'Category', type: 'select', options: withNone(l.categories, 'None') },
  { name: 'sku', label: 'SKU' },
  { name: 'accounting_code', label: 'Accounting code' },
  { name: 'description', label: 'Description', type: 'textarea' },
];

/** What a product's edit form sets; its create form adds the site, the charge type and a price. */
const productInput = (v: Values) => ({
  name: v.name ?? '',
  categoryId: orNull(v.category_id),
  sku: orNull(v.sku),
  accountingCode: orNull(v.accounting_code),
  description: orNull(v.description),
});

export const KINDS: Record<string, Kind> = {
  sites: {
    label: 'site',
    createFields: () => siteFields,
    editFields: () => siteFields,
    defaults: { timezone: 'Europe/London' },
    async load(s, ctx, id) {
      const x = await s.sites.get(ctx, id);
      return {
        name: x.name,
        values: {
          name: x.name,
          slug: x.slug,
          timezone: x.timezone,
          phone: x.phone ?? '',
          address_line_1: x.address.line_1,
          address_line_2: x.address.line_2 ?? '',
          address_city: x.address.city,
          address_postal_code: x.address.postal_code,
          directions_google_maps_url: x.directions.google_maps_url ?? '',
          description: x.description ?? '',
        },
      };
    },
    create: (s, ctx, v) => s.sites.create(ctx, { ...siteInput(v), slug: text(v.slug) }),
    update: (s, ctx, id, v) => s.sites.update(ctx, id, { ...siteInput(v), slug: text(v.slug) ?? '' }),
  },

  'unit-types': {
    label: 'unit type',
    createFields: (l) => [
      { name: 'site_id', label: 'Site', type: 'select', options: withNone(l.sites, 'Choose a site'), required: true },
      { name: 'name', label: 'Name', required: true },
      { name: 'slug', label: 'Slug', hint: 'Default from the name' },
      ...unitTypeFields,
      { name: 'weekly', label: 'Weekly base price', type: 'money' },
      { name: 'monthly', label: 'Monthly base price', type: 'money' },
    ],
    editFields: (l) => [
      { name: 'name', label: 'Name', required: true },
      { name: 'slug', label: 'Slug', required: true },
      ...unitTypeFields,
      { name: 'promotion_id', label: 'Promotion', type: 'select', options: withNone(l.coupons, 'No promotion') },
    ],
    defaults: { status: 'bookable', measurement_unit: 'ft' },
    async load(s, ctx, id) {
      const x = await s.unitTypes.get(ctx, id);
      const c = ctx.operator.currency;
      return {
        name: x.name,
        prices: x.prices,
        periods: BILLING_PERIODS,
        values: {
          name: x.name,
          slug: x.slug,
          size_description: x.sizeDescription,
          width: String(x.dimensions.width),
          length: String(x.dimensions.length),
          height: String(x.dimensions.height),
          measurement_unit: x.dimensions.measurement_unit,
          status: x.status,
          security_deposit: major(x.securityDeposit, c),
          require_insurance_coverage: x.requireInsuranceCoverage ? 'on' : '',
          promotion_id: x.promotionId ?? '',
          ...priceValues(x.prices, c),
        },
      };
    },
    create: (s, ctx, v) => {
      const c = ctx.operator.currency;
      const prices: BasePriceInput = {};
      for (const p of ['weekly', 'monthly'] as const) {
        const amount = minor(v[p], `/prices/${p}/amount`, c);
        if (amount !== undefined) prices[p] = { amount };
      }
      return s.unitTypes.create(ctx, {
        siteId: v.site_id ?? '',
        name: v.name ?? '',
        slug: text(v.slug),
        sizeDescription: text(v.size_description),
        dimensions: dimensions(v),
        status: (text(v.status) ?? 'bookable') as UnitTypeStatus,
        securityDeposit: minor(v.security_deposit, '/security_deposit', c) ?? null,
        requireInsuranceCoverage: checked(v.require_insurance_coverage),
        prices,
      });
    },
    update: (s, ctx, id, v) => {
      const deposit = minor(v.security_deposit, '/security_deposit', ctx.operator.currency) ?? null;
      return s.unitTypes.update(ctx, id, {
        name: v.name ?? '',
        slug: v.slug ?? '',
        sizeDescription: v.size_description ?? '',
        dimensions: dimensions(v),
        status: (v.status ?? '') as UnitTypeStatus,
        securityDeposit: deposit,
        requireSecurityDeposit: deposit !== null,
        requireInsuranceCoverage: checked(v.require_insurance_coverage),
        promotionId: orNull(v.promotion_id),
      });
    },
    setPrices: (s, ctx, id, prices) => s.unitTypes.setBasePrices(ctx, id, prices),
  },

  units: {
    label: 'unit',
    createFields: (l) => [
      {
        name: 'unit_type_id',
        label: 'Unit type',
        type: 'select',
        required: true,
        options: [
          ['', 'Choose a unit type'],
          ...l.unitTypes.map(
            (u) => [u.id, `${u.name} (${l.sites.find((x) => x.id === u.siteId)?.name ?? u.siteId})`] as const,
          ),
        ],
      },
      { name: 'reference_id', label: 'Reference', required: true, hint: 'Unique at the site, e.g. A101' },
    ],
    editFields: (l, values) => [
      { name: 'reference_id', label: 'Reference', required: true },
      {
        name: 'unit_type_id',
        label: 'Unit type',
        type: 'select',
        options: l.unitTypes.filter((u) => u.siteId === values._site_id).map((u) => [u.id, u.name] as const),
      },
    ],
    async load(s, ctx, id) {
      const x = await s.units.get(ctx, id);
      return {
        name: x.referenceId,
        values: { reference_id: x.referenceId, unit_type_id: x.unitTypeId, _site_id: x.siteId },
      };
    },
    create: (s, ctx, v) => s.units.create(ctx, { unitTypeId: v.unit_type_id ?? '', referenceId: v.reference_id ?? '' }),
    update: (s, ctx, id, v) =>
      s.units.update(ctx, id, { referenceId: v.reference_id ?? '', unitTypeId: text(v.unit_type_id) }),
  },

  coupons: {
    label: 'coupon',
    createFields: () => [
      { name: 'name', label: 'Name', required: true },
      { name: 'title', label: 'Title shown to customers' },
      { name: 'code', label: 'Code', hint: 'Blank: applied by staff or automatically' },
      { name: 'type', label: 'Discount', type: 'select', options: opts(COUPON_TYPES) },
      { name: 'percent', label: 'Percent off', type: 'number' },
      { name: 'amount', label: 'Amount off', type: 'money' },
      { name: 'duration', label: 'Duration', type: 'select', options: opts(COUPON_DURATIONS) },
      { name: 'months', label: 'Months (repeating)', type: 'number' },
      { name: 'max_redemptions', label: 'Redemption cap', type: 'number' },
      { name: 'public', label: 'Public (offered on the storefront)', type: 'checkbox' },
    ],
    editFields: () => [
      { name: 'name', label: 'Name', required: true },
      { name: 'title', label: 'Title shown to customers' },
      { name: 'code', label: 'Code' },
      { name: 'max_redemptions', label: 'Redemption cap', type: 'number' },
      { name: 'public', label: 'Public (offered on the storefront)', type: 'checkbox' },
    ],
    defaults: { type: 'percentage', duration: 'once' },
    async load(s, ctx, id) {
      const x = await s.coupons.get(ctx, id);
      return {
        name: x.name,
        values: {
          name: x.name,
          title: x.title ?? '',
          code: x.code ?? '',
          max_redemptions: x.maxRedemptions == null ? '' : String(x.maxRedemptions),
          public: x.public ? 'on' : '',
        },
      };
    },
    create: (s, ctx, v) =>
      s.coupons.create(ctx, {
        ...couponInput(v),
        type: (v.type ?? '') as CouponType,
        percent: decimal(v.percent, '/percent'),
        amount: minor(v.amount, '/amount', ctx.operator.currency),
        duration: (v.duration ?? '') as CouponDuration,
        months: integer(v.months, '/months'),
      }),
    update: (s, ctx, id, v) => s.coupons.update(ctx, id, couponInput(v)),
  },

  'protection-levels': {
    label: 'protection level',
    createFields: () => [...protectionFields, { name: 'monthly', label: 'Monthly base price', type: 'money' }],
    editFields: () => protectionFields,
    defaults: { public: 'on' },
    async load(s, ctx, id) {
      const x = await s.protectionLevels.get(ctx, id);
      const c = ctx.operator.currency;
      return {
        name: `Cover ${major(x.coverLevel, c)}`,
        prices: x.prices,
        periods: BILLING_PERIODS,
        values: {
          cover_level: major(x.coverLevel, c),
          account_code: x.accountCode ?? '',
          public: x.public ? 'on' : '',
          ...priceValues(x.prices, c),
        },
      };
    },
    create: (s, ctx, v) => {
      const monthly = minor(v.monthly, '/prices/monthly/amount', ctx.operator.currency);
      return s.protectionLevels.create(ctx, {
        ...protectionInput(v, ctx.operator.currency),
        prices: monthly === undefined ? undefined : { monthly: { amount: monthly } },
      });
    },
    update: (s, ctx, id, v) => s.protectionLevels.update(ctx, id, protectionInput(v, ctx.operator.currency)),
    setPrices: (s, ctx, id, prices) => s.protectionLevels.setBasePrices(ctx, id, prices),
  },

  products: {
    label: 'product',
    createFields: (l) => [
      { name: 'site_id', label: 'Site', type: 'select', options: withNone(l.sites, 'Choose a site'), required: true },
      { name: 'name', label: 'Name', required: true },
      { name: 'charge_type', label: 'Charged', type: 'select', options: opts(CHARGE_TYPES) },
      { name: 'price', label: 'Price (one-time, or monthly if recurring)', type: 'money' },
      ...productFields(l),
    ],
    editFields: (l) => [{ name: 'name', label: 'Name', required: true }, ...productFields(l)],
    defaults: { charge_type: 'one_time' },
    async load(s, ctx, id) {
      const x = await s.products.get(ctx, id);
      const c = ctx.operator.currency;
      return {
        name: x.name,
        prices: x.prices,
        periods: periodsFor(x),
        values: {
          name: x.name,
          category_id: x.categoryId ?? '',
          sku: x.sku ?? '',
          accounting_code: x.accountingCode ?? '',
          description: x.description ?? '',
          ...priceValues(x.prices, c),
        },
      };
    },
    create: (s, ctx, v) => {
      const chargeType = (v.charge_type ?? '') as ChargeType;
      const period = chargeType === 'recurring' ? 'monthly' : 'one_time';
      const amount = minor(v.price, `/prices/${period}/amount`, ctx.operator.currency);
      return s.products.create(ctx, {
        ...productInput(v),
        siteId: v.site_id ?? '',
        chargeType,
        prices: amount === undefined ? undefined : { [period]: { amount } },
      });
    },
    update: (s, ctx, id, v) => s.products.update(ctx, id, productInput(v)),
    setPrices: (s, ctx, id, prices) => s.products.setBasePrices(ctx, id, prices),
  },
};
