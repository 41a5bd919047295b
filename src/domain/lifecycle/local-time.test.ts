import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localHourOn } from './local-time.ts';

test('06:00 on the local date, either side of daylight saving', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-01-15T14:00:00Z', 'Europe/London', '2026-01-15T06:00:00.000Z'],
    ['2026-07-15T14:00:00Z', 'Europe/London', '2026-07-15T05:00:00.000Z'],
    // 23:30 UTC on 14 July is already 15 July in London.
    ['2026-07-14T23:30:00Z', 'Europe/London', '2026-07-15T05:00:00.000Z'],
    ['2026-03-29T00:30:00Z', 'Europe/London', '2026-03-29T05:00:00.000Z'],
    ['2026-10-25T12:00:00Z', 'Europe/London', '2026-10-25T06:00:00.000Z'],
    ['2026-05-01T03:00:00Z', 'America/New_York', '2026-04-30T10:00:00.000Z'],
    ['2026-05-01T12:00:00Z', 'Asia/Kolkata', '2026-05-01T00:30:00.000Z'],
  ];
  for (const [instant, zone, expected] of cases)
    assert.equal(localHourOn(new Date(instant), zone, 6).toISOString(), expected, `${instant} ${zone}`);
});
