/** `/units/{unit_id}` + `{unit_id: 'unit_1'}` → `/units/unit_1`, each value URL-encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || !value) throw new TypeError(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}

/** Query string: arrays comma-joined (expand, multi-value filters), Dates as ISO 8601 seconds, undefined dropped. */
export function toQueryString(query: object | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else if (value instanceof Date) params.set(key, value.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    else params.set(key, String(value));
  }
  const s = params.toString().replace(/%2C/g, ',');
  return s ? `?${s}` : '';
}
