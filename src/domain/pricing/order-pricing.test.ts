import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, mulDivHalfUp } from './rounding.ts';
import { chargeTypeOf, LINE_ITEM_TYPES, priceOrder, type PricingCoupon, type PricingLine } from './order-pricing.ts';

const subscription50: PricingCoupon = {
  type: 'percentage',
  percent: 50,
  amount: null,
  autoApplyTo: { subscriptions: true, unit_types: false, protections: false, products: false },
};

const line = (
  id: string,
  type: PricingLine['type'],
  unitAmount: number,
  quantity = 1,
  product?: 'recurring' | 'one_time',
): PricingLine => ({
  id,
  type,
  unitAmount,
  quantity,
  chargeType: chargeTypeOf(type, product),
});

describe('rounding', () => {
  test('mulDivHalfUp rounds halves up and is exact for large amounts', () => {
    assert.equal(mulDivHalfUp(9999, 50, 100), 5000);
    assert.equal(mulDivHalfUp(9998, 50, 100), 4999);
    assert.equal(mulDivHalfUp(1, 1, 3), 0);
    assert.equal(mulDivHalfUp(2, 1, 3), 1);
    assert.equal(mulDivHalfUp(2_000_000_000_000, 2000, 10_000), 400_000_000_000);
  });

  test('allocate: largest remainder, ties to the earlier entry, shares add up', () => {
    assert.deepEqual(allocate(5999, [9999, 1999]), [5000, 999]);
    assert.deepEqual(allocate(10, [1, 1, 1]), [4, 3, 3]);
    assert.deepEqual(allocate(0, [5, 5]), [0, 0]);
    assert.deepEqual(allocate(7, [0, 0]), [0, 0]);
  });
});

describe('order pricing: the reference examples', () => {
  test('subscription-level 50 % coupon on 99.99 + 19.99: discount 59.99, as the reference order shows', () => {
    const p = priceOrder({
      lines: [
        line('a', 'unit_type', 9999),
        line('b', 'protection', 1999),
        line('c', 'product', 999, 2, 'one_time'),
        line('d', 'security_deposit', 200000),
      ],
      taxRates: {},
      coupon: subscription50,
    });
    assert.equal(p.couponLevel, 'subscription');
    assert.deepEqual(
      { ...p.totals },
      {
        subtotal: 11998,
        totalDiscount: 5999,
        tax: 0,
        total: 5999,
        totalExcludingTax: 5999,
        oneTimeTotal: 201998,
        oneTimeTotalExcludingTax: 201998,
        recurringTax: 0,
        oneTimeTax: 0,
      },
    );
    assert.deepEqual(
      p.lines.map((l) => l.discountTotal),
      [5000, 999, 0, 0],
    );
    // Line totals are before the discount, as in the reference's line items (total 9999 with discount 5000).
    assert.deepEqual(
      p.lines.map((l) => l.total),
      [9999, 1999, 1998, 200000],
    );
  });

  test('update example: 50 % of 99.99 is 50.00 (half up), total 49.99', () => {
    const p = priceOrder({ lines: [line('a', 'unit_type', 9999)], taxRates: {}, coupon: subscription50 });
    assert.equal(p.totals.totalDiscount, 5000);
    assert.equal(p.totals.total, 4999);
  });
});

describe('order pricing: tax and coupon rules', () => {
  test('tax per type on the discounted amount; deposits never taxed even if a rate is configured', () => {
    const p = priceOrder({
      lines: [
        line('u', 'unit_type', 9500),
        line('p', 'protection', 999),
        line('s', 'security_deposit', 5000),
        line('k', 'product', 1250, 1, 'one_time'),
      ],
      taxRates: { unit_type: 2000, protection: 0, product: 2000, security_deposit: 2000 } as never,
      coupon: null,
    });
    assert.deepEqual(
      p.lines.map((l) => l.tax),
      [1900, 0, 0, 250],
    );
    assert.equal(p.totals.tax, 2150);
    assert.equal(p.totals.total, 9500 + 999 + 1900);
    assert.equal(p.totals.oneTimeTotal, 5000 + 1250 + 250);
  });

  test('line-level percentage coupon discounts only matching recurring lines', () => {
    const coupon: PricingCoupon = {
      type: 'percentage',
      percent: 10,
      amount: null,
      autoApplyTo: { subscriptions: false, unit_types: true, protections: false, products: true },
    };
    const p = priceOrder({
      lines: [
        line('u', 'unit_type', 9500),
        line('p', 'protection', 999),
        line('r', 'product', 505, 1, 'recurring'),
        line('o', 'product', 505, 1, 'one_time'),
        line('s', 'security_deposit', 5000),
      ],
      taxRates: { unit_type: 2000 },
      coupon,
    });
    assert.equal(p.couponLevel, 'line_items');
    assert.deepEqual(
      p.lines.map((l) => l.discountTotal),
      [950, 0, 51, 0, 0],
    );
    assert.equal(p.lines[0].tax, 1710); // 20 % of 85.50
  });

  test('fixed-amount coupons apply at subscription level whatever auto_apply_to says, capped at the recurring subtotal', () => {
    const coupon: PricingCoupon = {
      type: 'amount',
      percent: null,
      amount: 500,
      autoApplyTo: { subscriptions: false, unit_types: true, protections: false, products: false },
    };
    const p = priceOrder({
      lines: [line('u', 'unit_type', 300), line('p', 'protection', 100), line('s', 'security_deposit', 5000)],
      taxRates: {},
      coupon,
    });
    assert.equal(p.couponLevel, 'subscription');
    assert.deepEqual(
      p.lines.map((l) => l.discountTotal),
      [300, 100, 0],
    );
    assert.equal(p.totals.total, 0);
    assert.equal(p.totals.oneTimeTotal, 5000);
  });
});

const arbLine = fc.record({
  type: fc.constantFrom(...LINE_ITEM_TYPES),
  product: fc.constantFrom('recurring' as const, 'one_time' as const),
  quantity: fc.integer({ min: 1, max: 50 }),
  unitAmount: fc.integer({ min: 0, max: 5_000_000 }),
});
const arbCoupon = fc.option(
  fc.record({
    type: fc.constantFrom('percentage' as const, 'amount' as const),
    percent: fc.integer({ min: 0, max: 100 }),
    amount: fc.integer({ min: 0, max: 10_000_000 }),
    autoApplyTo: fc.record({
      subscriptions: fc.boolean(),
      unit_types: fc.boolean(),
      protections: fc.boolean(),
      products: fc.boolean(),
    }),
  }),
  { nil: null },
);
const arbRates = fc.record({
  unit_type: fc.integer({ min: 0, max: 3000 }),
  protection: fc.integer({ min: 0, max: 3000 }),
  product: fc.integer({ min: 0, max: 3000 }),
});

describe('order pricing: properties', () => {
  test('per-line figures add up to the order figures', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 12 }), arbRates, arbCoupon, (raw, taxRates, coupon) => {
        const lines = raw.map((r, i) => line(`l${i}`, r.type, r.unitAmount, r.quantity, r.product));
        const { lines: out, totals } = priceOrder({ lines, taxRates, coupon });
        const rec = out.filter((l) => l.chargeType === 'recurring');
        const one = out.filter((l) => l.chargeType === 'one_time');
        const sum = (ls: typeof out, f: (l: (typeof out)[number]) => number) => ls.reduce((s, l) => s + f(l), 0);
        assert.equal(
          totals.subtotal,
          sum(rec, (l) => l.totalExcludingTax),
        );
        assert.equal(
          totals.totalDiscount,
          sum(out, (l) => l.discountTotal),
        );
        assert.equal(
          totals.tax,
          sum(out, (l) => l.tax),
        );
        assert.equal(
          totals.total,
          sum(rec, (l) => l.total - l.discountTotal),
        );
        assert.equal(totals.totalExcludingTax, totals.subtotal - totals.totalDiscount);
        assert.equal(
          totals.oneTimeTotal,
          sum(one, (l) => l.total),
        );
        assert.equal(
          totals.oneTimeTotalExcludingTax,
          sum(one, (l) => l.totalExcludingTax),
        );
        for (const l of out) {
          assert.ok(
            Number.isSafeInteger(l.tax) && Number.isSafeInteger(l.discountTotal) && l.tax >= 0 && l.discountTotal >= 0,
          );
          assert.ok(l.discountTotal <= l.totalExcludingTax, 'never more discount than the line costs');
          assert.equal(l.total, l.totalExcludingTax + l.tax);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('one-off lines are never discounted and deposits never taxed', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 12 }), arbRates, arbCoupon, (raw, taxRates, coupon) => {
        const lines = raw.map((r, i) => line(`l${i}`, r.type, r.unitAmount, r.quantity, r.product));
        const { lines: out } = priceOrder({ lines, taxRates, coupon });
        for (const l of out) {
          if (l.chargeType === 'one_time') assert.equal(l.discountTotal, 0);
          if (l.type === 'security_deposit') assert.equal(l.tax, 0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('a subscription-level coupon takes exactly its rounded amount off the recurring subtotal', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 12 }), arbCoupon, (raw, coupon) => {
        if (!coupon || !(coupon.type === 'amount' || coupon.autoApplyTo.subscriptions)) return;
        const lines = raw.map((r, i) => line(`l${i}`, r.type, r.unitAmount, r.quantity, r.product));
        const { totals } = priceOrder({ lines, taxRates: {}, coupon });
        const expected =
          coupon.type === 'amount'
            ? Math.min(coupon.amount, totals.subtotal)
            : mulDivHalfUp(totals.subtotal, coupon.percent, 100);
        assert.equal(totals.totalDiscount, expected);
      }),
      { numRuns: 300 },
    );
  });
});
