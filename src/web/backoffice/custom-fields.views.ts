import type { CustomFieldDef, CustomFieldModel } from '../../domain/addons/addon.ts';
import { html, type Html } from './html.ts';

/** A field's title in English (definitions may carry `{ en: …, fr: … }`). */
export function fieldTitle(def: CustomFieldDef): string {
  if (typeof def.title === 'string') return def.title;
  return def.title.en ?? Object.values(def.title)[0] ?? def.code;
}

/** The words for a model, as staff read them. */
export const MODEL_WORDS: Record<CustomFieldModel, string> = {
  unitRental: 'Rental (tenancy)',
  unit: 'Unit',
  user: 'Contact',
  site: 'Site',
  unitType: 'Unit type',
  invoice: 'Invoice',
  business: 'Operator',
};

/**
 * One input for one custom field. Secret fields are write-only: the input is always empty (a password box), and
 * the page says only whether a value is set.
 */
export function fieldInput(
  def: CustomFieldDef,
  opts: { name: string; id: string; value: unknown; isSet?: boolean; disabled?: boolean },
): Html {
  const v = opts.value === undefined || opts.value === null ? '' : String(opts.value);
  const dis = opts.disabled ? html`disabled` : '';
  const req = def.required && !def.secret ? html`required` : '';
  if (def.secret)
    return html`<input type="password" id="${opts.id}" name="${opts.name}" autocomplete="off" value="" ${dis}
      placeholder="${opts.isSet ? 'Set. Type a new value to replace it' : 'Not set'}" aria-describedby="${opts.id}-state">
      <small id="${opts.id}-state" class="muted" data-secret-state="${opts.isSet ? 'set' : 'unset'}">${opts.isSet ? 'A value is set (never shown again).' : 'No value yet.'}</small>`;
  if (def.choices?.length || def.type === 'choice')
    return html`<select id="${opts.id}" name="${opts.name}" ${dis}>
      <option value="">—</option>
      ${(def.choices ?? []).map((c) => html`<option value="${c}" ${c === v ? html`selected` : ''}>${c}</option>`)}
    </select>`;
  if (def.type === 'boolean')
    return html`<select id="${opts.id}" name="${opts.name}" ${dis}>
      <option value="">—</option>
      <option value="true" ${v === 'true' ? html`selected` : ''}>Yes</option>
      <option value="false" ${v === 'false' ? html`selected` : ''}>No</option>
    </select>`;
  if (def.type === 'text')
    return html`<textarea id="${opts.id}" name="${opts.name}" rows="3" ${dis} ${req}>${v}</textarea>`;
  const type = def.type === 'number' ? 'number' : def.type === 'date' ? 'date' : 'text';
  return html`<input type="${type}" id="${opts.id}" name="${opts.name}" value="${v}" ${dis} ${req} ${type === 'number' ? html`step="any"` : ''}>`;
}

/** A form value typed as its definition says ('' clears: null). */
export function fieldValueOf(def: CustomFieldDef, raw: string): unknown {
  const s = raw.trim();
  if (s === '') return null;
  if (def.type === 'number') return Number.isFinite(Number(s)) ? Number(s) : s;
  if (def.type === 'boolean') return s === 'true' ? true : s === 'false' ? false : s;
  return s;
}

export interface CustomFieldsPanel {
  model: CustomFieldModel;
  recordId: string;
  defs: CustomFieldDef[];
  values: Record<string, unknown>;
  csrf: string;
  /** Where the form sends staff back to after saving (this page). */
  returnTo: string;
  /** Read-only for a role that may not write (the form is left out). */
  editable?: boolean;
  error?: string;
}

/**
 * The custom fields of one record (defined by add-ons and by the operator), editable; any back-office page can
 * include it. The form posts to /backoffice/custom-fields/<model>/<record> and comes back to `returnTo`.
 */
export function customFieldsPanel(p: CustomFieldsPanel): Html {
  const id = (code: string) => `cf-${p.model}-${code}`;
  const editable = p.editable !== false;
  const body = !p.defs.length
    ? html`<p class="empty">No custom fields are defined for ${MODEL_WORDS[p.model].toLowerCase()}s. Add-ons define them, and so can a manager in Settings → Custom fields.</p>`
    : html`<form method="post" action="/backoffice/custom-fields/${p.model}/${p.recordId}" class="custom-fields">
        <input type="hidden" name="_csrf" value="${p.csrf}">
        <input type="hidden" name="return_to" value="${p.returnTo}">
        ${p.defs.map(
          (d) => html`<div class="field" data-custom-field="${d.code}">
            <label for="${id(d.code)}">${fieldTitle(d)} <code class="muted">${d.code}</code></label>
            ${fieldInput(d, {
              name: `cf.${d.code}`,
              id: id(d.code),
              value: p.values[d.code],
              isSet: p.values[d.code] !== undefined,
              disabled: !editable || d.readOnly,
            })}
            ${
              d.secret && editable && !d.readOnly && p.values[d.code] !== undefined
                ? html`<label class="inline"><input type="checkbox" name="clear" value="${d.code}"> Clear this value</label>`
                : ''
            }
          </div>`,
        )}
        ${editable ? html`<div class="row"><button type="submit" class="primary">Save custom fields</button></div>` : ''}
      </form>`;
  return html`<section class="card" id="custom-fields-${p.model}">
    <header><h2>Custom fields</h2><p>${MODEL_WORDS[p.model]} fields defined by add-ons and by the operator.</p></header>
    ${p.error ? html`<div class="error" role="alert">${p.error}</div>` : ''}
    ${body}
  </section>`;
}
