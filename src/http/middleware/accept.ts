import { DomainError } from '../../kernel/errors.ts';
import type { ExtraFormat } from '../route.ts';

export type Format = 'application/json' | ExtraFormat;

/** Picks the response format from `Accept`; anything the route cannot produce is 406 invalid_format. */
export function negotiate(accept: string | undefined, extra: readonly ExtraFormat[]): Format {
  if (!accept || !accept.trim()) return 'application/json';
  const offered: Format[] = ['application/json', ...extra];
  const ranges = accept
    .split(',')
    .map((part, i) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (r.type === '*/*' || r.type === 'application/*') return 'application/json';
    const hit = offered.find((f) => f === r.type || (r.type.endsWith('/*') && f.startsWith(r.type.slice(0, -1))));
    if (hit) return hit;
  }
  throw new DomainError('invalid_format');
}
