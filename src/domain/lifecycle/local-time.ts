/**
 * Wall-clock arithmetic in a site's time zone with only Intl: no time-zone library. Used for "06:00 on move-in
 * day, site time".
 */

/** The zone's offset from UTC at `instant`, in minutes (Europe/London in summer: +60). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date of `instant` in the zone, as [year, month (1-12), day]. */
export function localDate(instant: Date, timeZone: string): [number, number, number] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(instant)
    .split('-');
  return [Number(parts[0]), Number(parts[1]), Number(parts[2])];
}

/**
 * `hour`:00 local time on the local calendar date of `instant`. Daylight-saving changes happen at night, so the
 * offset is read near the target (twice, to settle on the right side of a change).
 */
export function localHourOn(instant: Date, timeZone: string, hour: number): Date {
  const [y, m, d] = localDate(instant, timeZone);
  const guess = Date.UTC(y, m - 1, d, hour);
  let at = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  at = guess - offsetMinutes(new Date(at), timeZone) * 60_000;
  return new Date(at);
}
