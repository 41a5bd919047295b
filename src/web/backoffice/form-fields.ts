import { DomainError } from '../../kernel/errors.ts';
import { html, type Html } from './html.ts';

/** Field errors by form field name, from a domain error's JSON pointers (`/owner/email` → `owner_email`). */
export type FieldErrors = Record<string, string>;

/**
 * The domain's validation details as field errors, so a form shows the API's own messages next to each field;
 * anything that is not a validation or conflict error is rethrown (the error page handles it).
 */
export function fieldErrors(err: unknown): { fields: FieldErrors; message: string } {
  if (!(err instanceof DomainError) || !['invalid_content', 'conflict', 'invalid_request'].includes(err.code))
    throw err;
  const fields: FieldErrors = {};
  for (const d of err.details) fields[d.pointer.replace(/^\//, '').replace(/\//g, '_')] ??= d.message;
  return { fields, message: err.details.length ? 'Check the fields marked below.' : err.message };
}

interface FieldOptions {
  name: string;
  label: string;
  value?: string;
  errors?: FieldErrors;
  type?: 'text' | 'email' | 'password' | 'number';
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  readonly?: boolean;
  /** Extra attributes already safe (list, step, inputmode…). */
  attrs?: Html;
}

/** A labelled input with its hint and error tied to it for screen readers (aria-describedby, aria-invalid). */
export function field(o: FieldOptions): Html {
  const id = `f-${o.name}`;
  const error = o.errors?.[o.name];
  const described = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' invalid' : ''}">
    <label for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.readonly ? html` readonly` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''} ${o.attrs ?? ''}>
    ${error ? html`<p class="field-error" id="${id}-error">${o.label} ${error}</p>` : ''}
  </div>`;
}

/** A labelled select. */
export function select(o: {
  name: string;
  label: string;
  value?: string;
  options: readonly (string | { value: string; label: string })[];
  errors?: FieldErrors;
}): Html {
  const id = `f-${o.name}`;
  const error = o.errors?.[o.name];
  return html`<div class="field${error ? ' invalid' : ''}">
    <label for="${id}">${o.label}</label>
    <select id="${id}" name="${o.name}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
      ${o.options.map((x) => {
        const { value, label } = typeof x === 'string' ? { value: x, label: x } : x;
        return html`<option value="${value}"${value === o.value ? html` selected` : ''}>${label}</option>`;
      })}
    </select>
    ${error ? html`<p class="field-error" id="${id}-error">${o.label} ${error}</p>` : ''}
  </div>`;
}

export const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;
