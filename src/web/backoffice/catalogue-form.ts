import { invalidContent } from '../../kernel/errors.ts';
import { minorUnitDigits } from '../../kernel/money.ts';
import { html, type Html } from './html.ts';

/**
 * The catalogue's forms: a field list rendered as labelled inputs that keep what was typed, the refused field
 * marked with the domain's message, and parsers that refuse input with the API's pointers and wording.
 */
export interface Field {
  name: string;
  label: string;
  type?: 'text' | 'number' | 'money' | 'select' | 'checkbox' | 'textarea';
  options?: Array<readonly [string, string]>;
  hint?: string;
  required?: boolean;
}

export type Values = Record<string, string>;

export interface FormError {
  message: string;
  /** The field the API's pointer names (`/address/city` → `address_city`, `/monthly/amount` → `monthly`). */
  field?: string;
}

export function fieldOf(pointer: string, fields: Field[]): string | undefined {
  const names = new Set(fields.map((f) => f.name));
  const whole = pointer.slice(1).replace(/\//g, '_');
  if (names.has(whole)) return whole;
  return pointer.split('/').find((segment) => names.has(segment));
}

function input(f: Field, value: string, invalid: boolean): Html {
  const id = `f-${f.name}`;
  const attrs = html`id="${id}" name="${f.name}" ${f.required ? html`required` : ''} ${invalid ? html`aria-invalid="true" aria-describedby="${id}-error"` : ''}`;
  switch (f.type) {
    case 'select':
      return html`<select ${attrs}>${(f.options ?? []).map(([v, l]) => html`<option value="${v}" ${v === value ? html`selected` : ''}>${l}</option>`)}</select>`;
    case 'checkbox':
      return html`<input type="checkbox" ${attrs} value="on" ${value === 'on' ? html`checked` : ''}>`;
    case 'textarea':
      return html`<textarea ${attrs} rows="3">${value}</textarea>`;
    case 'number':
      return html`<input type="text" inputmode="decimal" ${attrs} value="${value}">`;
    case 'money':
      return html`<input type="text" inputmode="decimal" ${attrs} value="${value}" placeholder="0.00">`;
    default:
      return html`<input type="text" ${attrs} value="${value}">`;
  }
}

/** A POST form with CSRF; on a refusal the error is shown at the top and next to its field. */
export function renderForm(p: {
  id: string;
  action: string;
  csrf: string;
  fields: Field[];
  values: Values;
  submit: string;
  error?: FormError;
}): Html {
  return html`<form method="post" action="${p.action}" id="${p.id}" class="catalogue-form" novalidate>
    <input type="hidden" name="_csrf" value="${p.csrf}">
    ${p.error ? html`<div class="error" role="alert">${p.error.message}</div>` : ''}
    <div class="fields">
    ${p.fields.map((f) => {
      const invalid = p.error?.field === f.name;
      return html`<div class="field ${f.type === 'checkbox' ? 'check' : ''}">
        <label for="f-${f.name}">${f.label}${f.required ? ' *' : ''}</label>
        ${input(f, p.values[f.name] ?? '', invalid)}
        ${f.hint ? html`<small>${f.hint}</small>` : ''}
        ${invalid ? html`<small class="field-error" id="f-${f.name}-error">${p.error!.message}</small>` : ''}
      </div>`;
    })}
    </div>
    <div class="row"><button type="submit" class="primary">${p.submit}</button></div>
  </form>`;
}

// Parsers: blank means "not given"; a value that cannot be read is refused as the API's validator words it.

export const text = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

export const orNull = (v: string | undefined): string | null => text(v) ?? null;

export const checked = (v: string | undefined): boolean => v === 'on';

export function integer(v: string | undefined, pointer: string): number | undefined {
  const s = text(v);
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s)) throw invalidContent(pointer, `value at \`${pointer}\` is not an integer`);
  return Number(s);
}

export function decimal(v: string | undefined, pointer: string): number | undefined {
  const s = text(v);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isFinite(n)) throw invalidContent(pointer, `value at \`${pointer}\` is not a number`);
  return n;
}

/** "12.50" in the operator's currency → 1250 minor units (the API's integer amounts). */
export function minor(v: string | undefined, pointer: string, currency: string): number | undefined {
  const s = text(v)?.replace(/,/g, '');
  if (s === undefined) return undefined;
  const digits = minorUnitDigits(currency);
  const m = s.match(/^(-?)(\d+)(?:\.(\d+))?$/);
  if (!m || (m[3] ?? '').length > digits) throw invalidContent(pointer, `value at \`${pointer}\` is not an integer`);
  const amount = Number(m[2]) * 10 ** digits + Number((m[3] ?? '').padEnd(digits, '0') || 0);
  if (m[1]) throw invalidContent(pointer, `value at \`${pointer}\` must be >= 0`);
  return amount;
}

/** Minor units back into what the form shows ("12.50"). */
export function major(amount: number | null | undefined, currency: string): string {
  if (amount == null) return '';
  const digits = minorUnitDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
}
