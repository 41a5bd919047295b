import type { ErrorDetail } from '../../kernel/errors.ts';

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** ajv errors as Stora's `details[]`: a JSON pointer and a json_schemer-style message. */
export function detailsFromAjv(errors: AjvLikeError[], prefix = ''): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    // anyOf/oneOf report every branch; keep the leaf errors only.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const base = prefix + e.instancePath;
    let pointer = base;
    let message: string;
    switch (e.keyword) {
      case 'required':
        pointer = `${base}/${String(e.params.missingProperty)}`;
        message = `object at \`${base || '/'}\` is missing required properties: ${String(e.params.missingProperty)}`;
        break;
      case 'additionalProperties':
        pointer = `${base}/${String(e.params.additionalProperty)}`;
        message = `object property at \`${pointer}\` is a disallowed additional property`;
        break;
      case 'format':
        message = `value at \`${base}\` does not match format: ${String(e.params.format)}`;
        break;
      case 'enum':
        message = `value at \`${base}\` is not one of: ${JSON.stringify(e.params.allowedValues)}`;
        break;
      case 'type':
        message = `value at \`${base}\` is not ${article(String(e.params.type))}`;
        break;
      default:
        message = `value at \`${base || '/'}\` ${e.message ?? 'is invalid'}`;
    }
    const key = `${pointer}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message, pointer });
  }
  return out;
}

function article(type: string): string {
  return type
    .split(',')
    .map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`))
    .join(' or ');
}
