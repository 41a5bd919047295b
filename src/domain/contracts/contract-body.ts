/**
 * Fills a contract template's `{{ path }}` placeholders. A placeholder with no value becomes a blank line
 * to write on by hand, so a printed contract never shows template syntax.
 */
export function fillContractBody(body: string, values: Record<string, string | null | undefined>): string {
  return body.replace(/\{\{\s*([a-z0-9_.]+)\s*\}\}/gi, (_, key: string) => {
    const v = values[key];
    return v == null || v === '' ? '__________' : v;
  });
}
