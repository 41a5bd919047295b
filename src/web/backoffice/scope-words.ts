import { SCOPES, type Scope } from '../../kernel/scopes.ts';
import { html, type Html } from './html.ts';

/** English plurals as the guide writes them: "staff" stays, "tenancy" → "tenancies", the rest take an "s". */
function plural(words: string[]): string {
  const phrase = words.join(' ');
  if (phrase === 'staff') return phrase;
  return /[^aeiou]y$/.test(phrase) ? `${phrase.slice(0, -1)}ies` : `${phrase}s`;
}

/**
 * Each scope in words, as the Authorization guide names and describes it (consent page, scope pickers): the guide's
 * wording is regular, `public.unit_type:read` → "Unit Type (Read)", "Allow to read all unit types".
 */
export const SCOPE_WORDS = Object.fromEntries(
  SCOPES.map((scope) => {
    const [, resource, access] = scope.match(/^public\.(.+):(read|write)$/)!;
    const words = resource.split('_');
    const title = words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
    const all = plural(words);
    return [
      scope,
      access === 'read'
        ? { name: `${title} (Read)`, description: `Allow to read all ${all}` }
        : { name: `${title} (Write)`, description: `Allow to manage ${all}` },
    ];
  }),
) as Record<Scope, { name: string; description: string }>;

/** Scopes grouped by resource for the pickers: `Contact` → read / write. */
export function scopeRows(): Array<{ resource: string; read?: Scope; write?: Scope }> {
  const rows = new Map<string, { resource: string; read?: Scope; write?: Scope }>();
  for (const scope of Object.keys(SCOPE_WORDS) as Scope[]) {
    const [, resource, access] = scope.match(/^public\.(.+):(read|write)$/)!;
    const row = rows.get(resource) ?? { resource: SCOPE_WORDS[scope].name.replace(/ \((Read|Write)\)$/, '') };
    row[access as 'read' | 'write'] = scope;
    rows.set(resource, row);
  }
  return [...rows.values()];
}

/** A folded list of scopes (or event types): the count, the codes on opening. */
export function scopeSummary(scopes: readonly string[], noun = 'scope'): Html {
  return html`<details><summary>${scopes.length} ${noun}${scopes.length === 1 ? '' : 's'}</summary>
    <ul class="scope-list">${scopes.map((s) => html`<li><code>${s}</code></li>`)}</ul></details>`;
}
