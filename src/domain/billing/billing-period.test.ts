import { test } from 'node:test';
import assert from 'node:assert/strict';
import { periodEnd } from './billing-period.ts';

const at = (s: string) => new Date(s);

test('week-based periods add whole days', () => {
  assert.equal(periodEnd(at('2026-04-15T09:30:00Z'), 'weekly').toISOString(), '2026-04-22T09:30:00.000Z');
  assert.equal(periodEnd(at('2026-04-15T09:30:00Z'), 'every_four_weeks').toISOString(), '2026-05-13T09:30:00.000Z');
});

test('month-based periods keep the day and time, clamped to the month end', () => {
  assert.equal(periodEnd(at('2026-04-15T00:00:00Z'), 'monthly').toISOString(), '2026-05-15T00:00:00.000Z');
  assert.equal(periodEnd(at('2026-01-31T12:00:00Z'), 'monthly').toISOString(), '2026-02-28T12:00:00.000Z');
  assert.equal(periodEnd(at('2028-01-31T12:00:00Z'), 'monthly').toISOString(), '2028-02-29T12:00:00.000Z');
  assert.equal(periodEnd(at('2026-11-30T00:00:00Z'), 'every_three_months').toISOString(), '2027-02-28T00:00:00.000Z');
  assert.equal(periodEnd(at('2026-08-31T00:00:00Z'), 'every_six_months').toISOString(), '2027-02-28T00:00:00.000Z');
  assert.equal(periodEnd(at('2028-02-29T00:00:00Z'), 'yearly').toISOString(), '2029-02-28T00:00:00.000Z');
});
