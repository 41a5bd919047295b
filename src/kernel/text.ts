/**
 * Text PostgreSQL cannot hold. A NUL byte is refused in every text and json value; a lone UTF-16
 * surrogate (valid in a JS string, not in Unicode) is refused by jsonb and turned into U+FFFD by text.
 * Both are checked where input enters (src/http) and again before SQL (src/storage).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored, in words that follow "value at `…`", or undefined when it can. */
export function unstorableText(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return undefined;
}

/** JSON text with a `\u0000` escape or an escaped lone surrogate (how JSON.stringify writes them). */
const JSON_ESCAPE =
  /(?<!\\)(?:\\\\)*\\u(?:0000|d[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})|(?<!\\ud[89ab][0-9a-f]{2}\\u)d[c-f][0-9a-f]{2})/i;

/** Like `unstorableText`, for a JSON document about to go into a json/jsonb column. */
export function unstorableJson(s: string): string | undefined {
  return unstorableText(s) ?? (JSON_ESCAPE.test(s) ? 'contains a NUL character or an unpaired surrogate' : undefined);
}
