import { newId } from '../../kernel/ids.ts';
import type { Product, ProductCategory } from '../../domain/catalogue/product.ts';
import type { PricePeriod } from '../../domain/catalogue/price.ts';
import { newStripePriceId } from '../../domain/catalogue/base-prices.ts';
import { insertProductCategories } from '../../storage/repos/product-categories.repo.ts';
import { insertProducts } from '../../storage/repos/products.repo.ts';
import { upsertPrices } from '../../storage/repos/prices.repo.ts';
import type { SeedContext } from './seed-context.ts';

/** The reference example's eleven categories. */
const CATEGORIES = [
  'Access',
  'Boxes',
  'Charge/Fee',
  'Locks',
  'Merchandise',
  'Packaging',
  'Padlocks',
  'Security',
  'Services',
  'Unit upgrades',
  'Utilities',
];
const SMALL_CATEGORIES = ['Boxes', 'Packaging', 'Padlocks', 'Utilities'];

interface Def {
  name: string;
  category: string;
  description: string | null;
  sku: string | null;
  accountingCode: string | null;
  /** One-time products have only `one_time`; recurring ones billing periods. Amounts in minor units. */
  prices: Partial<Record<PricePeriod, number>>;
  /** Sold at the first site only (a small shop), otherwise at every site. */
  firstSiteOnly?: boolean;
}

const FULL: Def[] = [
  {
    name: 'Disc padlock',
    category: 'Padlocks',
    description: 'Stainless steel 70 mm disc padlock with two keys.',
    sku: 'PL-DISC-70',
    accountingCode: 'PROD-LOCKS',
    prices: { one_time: 1299 },
  },
  {
    name: 'Medium moving box',
    category: 'Boxes',
    description: 'Double-wall box, 45 x 45 x 40 cm.',
    sku: 'BX-MED',
    accountingCode: 'PROD-BOXES',
    prices: { one_time: 299 },
  },
  {
    name: 'Large moving box',
    category: 'Boxes',
    description: 'Double-wall box, 60 x 45 x 45 cm.',
    sku: 'BX-LRG',
    accountingCode: 'PROD-BOXES',
    prices: { one_time: 399 },
  },
  {
    name: 'Packing tape',
    category: 'Packaging',
    description: null,
    sku: 'PK-TAPE',
    accountingCode: null,
    prices: { one_time: 250 },
  },
  {
    name: 'Bubble wrap roll (10 m)',
    category: 'Packaging',
    description: '10 m x 50 cm small-bubble roll.',
    sku: 'PK-BUB10',
    accountingCode: null,
    prices: { one_time: 899 },
  },
  {
    name: 'Access card replacement',
    category: 'Access',
    description: 'Replaces a lost or damaged gate access card.',
    sku: null,
    accountingCode: 'FEE-ACCESS',
    prices: { one_time: 1000 },
  },
  {
    name: 'Late payment fee',
    category: 'Charge/Fee',
    description: null,
    sku: null,
    accountingCode: 'FEE-LATE',
    prices: { one_time: 2500 },
  },
  {
    name: 'Cylinder lock fitting',
    category: 'Locks',
    description: 'Fit a cylinder lock to a roller-door unit.',
    sku: null,
    accountingCode: 'PROD-LOCKS',
    prices: { one_time: 3500 },
    firstSiteOnly: true,
  },
  {
    name: 'Branded tote bag',
    category: 'Merchandise',
    description: null,
    sku: 'MER-TOTE',
    accountingCode: null,
    prices: { one_time: 500 },
    firstSiteOnly: true,
  },
  {
    name: 'Contents valuation',
    category: 'Services',
    description: 'Annual valuation of stored contents for your insurer.',
    sku: null,
    accountingCode: 'SVC-VALUE',
    prices: { monthly: 400, yearly: 4500 },
  },
  {
    name: 'Parking bay',
    category: 'Services',
    description: 'Outdoor parking bay for a car or small van.',
    sku: null,
    accountingCode: 'SVC-PARK',
    prices: { weekly: 1500, monthly: 6500, every_four_weeks: 6000 },
  },
  {
    name: 'Shelving rental',
    category: 'Unit upgrades',
    description: 'Steel shelving installed in your unit.',
    sku: 'UPG-SHELF',
    accountingCode: null,
    prices: { weekly: 200, monthly: 800 },
  },
  {
    name: 'Unit alarm monitoring',
    category: 'Security',
    description: 'Individual door alarm linked to the site monitoring.',
    sku: null,
    accountingCode: 'SVC-ALARM',
    prices: { monthly: 500 },
    firstSiteOnly: true,
  },
  {
    name: 'Electricity supply',
    category: 'Utilities',
    description: 'A metered power socket in your unit.',
    sku: null,
    accountingCode: 'UTL-POWER',
    prices: { weekly: 350, monthly: 1500 },
  },
];

const SMALL: Def[] = [
  {
    name: 'Disc padlock',
    category: 'Padlocks',
    description: 'Stainless steel 70 mm disc padlock.',
    sku: 'PL-DISC-70',
    accountingCode: null,
    prices: { one_time: 1400 },
  },
  {
    name: 'Medium moving box',
    category: 'Boxes',
    description: null,
    sku: 'BX-MED',
    accountingCode: null,
    prices: { one_time: 350 },
  },
  {
    name: 'Packing tape',
    category: 'Packaging',
    description: null,
    sku: null,
    accountingCode: null,
    prices: { one_time: 300 },
  },
  {
    name: 'Electricity supply',
    category: 'Utilities',
    description: 'A metered power socket in your unit.',
    sku: null,
    accountingCode: null,
    prices: { monthly: 1800 },
  },
];

export async function seedProducts(s: SeedContext): Promise<void> {
  const names = s.size === 'full' ? CATEGORIES : SMALL_CATEGORIES;
  const categories: ProductCategory[] = names.map((name, i) => ({
    id: newId('productCategory'),
    operatorId: s.operator.id,
    name,
    createdAt: s.at(60 * 24 * 310 - i),
  }));
  await insertProductCategories(s.tx, categories);
  s.created.productCategories.push(...categories.map((c) => c.id));
  const categoryId = new Map(categories.map((c) => [c.name, c.id]));

  const defs = s.size === 'full' ? FULL : SMALL;
  const products: Array<Omit<Product, 'prices'> & { priceMap: Def['prices'] }> = [];
  for (const [si, site] of s.created.sites.entries()) {
    for (const [i, d] of defs.entries()) {
      if (d.firstSiteOnly && si > 0) continue;
      const at = s.at(60 * 24 * 290 - si * 600 - i * 10);
      products.push({
        id: newId('product'),
        operatorId: s.operator.id,
        siteId: site.id,
        categoryId: categoryId.get(d.category) ?? null,
        name: d.name,
        description: d.description,
        chargeType: 'one_time' in d.prices ? 'one_time' : 'recurring',
        accountingCode: d.accountingCode,
        sku: d.sku,
        createdAt: at,
        updatedAt: at,
        priceMap: d.prices,
      });
    }
  }
  await insertProducts(
    s.tx,
    products.map(({ priceMap: _, ...p }) => p),
  );
  for (const p of products) {
    const prices = Object.entries(p.priceMap).map(([period, amount]) => ({
      billingPeriod: period as PricePeriod,
      amount: amount!,
      stripePriceId: newStripePriceId(),
    }));
    await upsertPrices(s.tx, s.operator.id, p.id, prices, p.createdAt);
    s.created.products.push(p.id);
  }
}
