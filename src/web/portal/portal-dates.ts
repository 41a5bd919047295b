import { localDate, localHourOn } from '../../domain/lifecycle/local-time.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of `instant` in the zone (a date input's value). */
export function localDateOf(instant: Date, timeZone: string): string {
  const [y, m, d] = localDate(instant, timeZone);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The last second of a calendar day in the zone: notice given "to move out on" a day ends with that day. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  // Noon UTC falls on the same calendar date in every zone within ±12 h.
  const next = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000);
  return new Date(localHourOn(next, timeZone, 0).getTime() - 1000);
}
