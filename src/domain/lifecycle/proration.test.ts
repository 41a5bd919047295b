import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proratedPrice, usedShare } from './proration.ts';

test('used days: a begun day counts; the period is its own length', () => {
  const cases: Array<[string, string, string, number, number]> = [
    ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-01-11T00:00:00Z', 10, 31],
    ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z', '2026-01-11T00:00:01Z', 11, 31],
    ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-15T12:00:00Z', 15, 28],
    ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z', 0, 28],
    ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', 28, 28],
  ];
  for (const [s, e, end, used, days] of cases)
    assert.deepEqual(usedShare(new Date(s), new Date(e), new Date(end)), { usedDays: used, periodDays: days });
});

test('pro-rated price rounds half up', () => {
  assert.equal(proratedPrice(9500, { usedDays: 10, periodDays: 31 }), 3065); // 3064.5 → 3065
  assert.equal(proratedPrice(9999, { usedDays: 15, periodDays: 30 }), 5000); // 4999.5 → 5000
  assert.equal(proratedPrice(9500, { usedDays: 0, periodDays: 31 }), 0);
});
