import { newId } from '../../kernel/ids.ts';
import type { AutoApplyTo, Coupon } from '../../domain/catalogue/coupon.ts';
import { insertCoupons } from '../../storage/repos/coupons.repo.ts';
import { setUnitTypePromotion } from '../../storage/repos/unit-types.repo.ts';
import type { SeedContext } from './seed-context.ts';

type Def = Omit<Coupon, 'id' | 'operatorId' | 'createdAt' | 'updatedAt' | 'autoApplyTo'> & {
  applyTo: keyof AutoApplyTo;
  /** [site index, unit type index] pairs whose promotion this coupon becomes. */
  promotes?: Array<[number, number]>;
};

const base = {
  title: null,
  code: null,
  percent: null,
  amount: null,
  months: null,
  billingPeriod: null,
  maxRedemptions: null,
  public: true,
};

// Fixed-amount coupons apply only at subscription level (booking guide), so only percentage ones vary auto_apply_to.
const FULL: Def[] = [
  {
    ...base,
    name: '50% off first two months',
    type: 'percentage',
    percent: 50,
    duration: 'repeating',
    months: 2,
    billingPeriod: 'monthly',
    applyTo: 'subscriptions',
  },
  {
    ...base,
    name: '£5.00 off',
    type: 'amount',
    amount: 500,
    duration: 'forever',
    code: '5OFF',
    public: false,
    applyTo: 'subscriptions',
  },
  {
    ...base,
    name: 'First month free',
    type: 'percentage',
    percent: 100,
    duration: 'once',
    billingPeriod: 'monthly',
    maxRedemptions: 200,
    applyTo: 'subscriptions',
  },
  {
    ...base,
    name: '£20.00 off your first invoice',
    type: 'amount',
    amount: 2000,
    duration: 'once',
    code: 'WELCOME20',
    applyTo: 'subscriptions',
  },
  {
    ...base,
    name: '20% off storage for 3 months',
    title: 'Spring sale: 20% off',
    type: 'percentage',
    percent: 20,
    duration: 'repeating',
    months: 3,
    applyTo: 'unit_types',
    promotes: [
      [0, 3],
      [1, 5],
    ],
  },
  {
    ...base,
    name: 'Student summer storage',
    title: 'Students: 25% off for 4 months',
    code: 'STUDENT25',
    type: 'percentage',
    percent: 25,
    duration: 'repeating',
    months: 4,
    maxRedemptions: 50,
    applyTo: 'unit_types',
    promotes: [[0, 1]],
  },
  {
    ...base,
    name: '10% off goods protection',
    type: 'percentage',
    percent: 10,
    duration: 'forever',
    applyTo: 'protections',
  },
  {
    ...base,
    name: '15% off packing supplies',
    type: 'percentage',
    percent: 15,
    duration: 'once',
    code: 'PACK15',
    applyTo: 'products',
  },
];

const SMALL: Def[] = [
  {
    ...base,
    name: '10% off your first month',
    type: 'percentage',
    percent: 10,
    duration: 'once',
    applyTo: 'unit_types',
    promotes: [[0, 1]],
  },
  {
    ...base,
    name: '€10.00 off',
    type: 'amount',
    amount: 1000,
    duration: 'forever',
    code: 'HARBOUR10',
    public: false,
    applyTo: 'subscriptions',
  },
];

const promotions = new WeakMap<SeedContext, Array<{ couponId: string; targets: Array<[number, number]> }>>();

/** Runs before unit types, so the promotions part can point unit types at these coupons. */
export async function seedCoupons(s: SeedContext): Promise<void> {
  const defs = s.size === 'full' ? FULL : SMALL;
  const coupons: Coupon[] = [];
  const promos: Array<{ couponId: string; targets: Array<[number, number]> }> = [];
  for (const [i, d] of defs.entries()) {
    const at = s.at(60 * 24 * (320 - i * 25));
    const { applyTo, promotes, ...fields } = d;
    const id = newId('coupon');
    coupons.push({
      ...fields,
      id,
      operatorId: s.operator.id,
      autoApplyTo: {
        products: applyTo === 'products',
        protections: applyTo === 'protections',
        subscriptions: applyTo === 'subscriptions',
        unit_types: applyTo === 'unit_types',
      },
      createdAt: at,
      updatedAt: at,
    });
    if (promotes) promos.push({ couponId: id, targets: promotes });
    s.created.coupons.push(id);
  }
  await insertCoupons(s.tx, coupons);
  promotions.set(s, promos);
}

/** Runs after unit types: sets the promotion of a few of them. */
export async function seedPromotions(s: SeedContext): Promise<void> {
  for (const { couponId, targets } of promotions.get(s) ?? []) {
    for (const [siteIndex, typeIndex] of targets) {
      const site = s.created.sites[siteIndex];
      const unitType = site && s.created.unitTypes.filter((u) => u.siteId === site.id)[typeIndex];
      if (unitType) await setUnitTypePromotion(s.tx, s.operator.id, unitType.id, couponId, s.at(60 * 24 * 30));
    }
  }
}
