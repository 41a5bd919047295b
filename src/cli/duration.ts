import { InvalidArgumentError } from 'commander';

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `30d`, `12h`, `90m`, `45s`, `2w` → seconds. */
export function parseDuration(value: string): number {
  const m = value.trim().match(/^(\d+)\s*([smhdw])$/i);
  if (!m) throw new InvalidArgumentError(`"${value}" is not a duration like 30d, 12h or 90m`);
  return Number(m[1]) * UNITS[m[2].toLowerCase()];
}
