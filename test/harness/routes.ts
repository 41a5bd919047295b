import { apiModules } from '../../src/resources/index.ts';
import { API_PREFIX } from '../../src/http/register-route.ts';
import type { RouteSpec } from '../../src/http/route.ts';

/** Every declared API route, with its full URL template. */
export const allRoutes: Array<RouteSpec & { url: string }> = apiModules.flatMap((m) =>
  m.routes.map((r) => ({ ...r, url: (r.prefix ?? API_PREFIX) + r.path })),
);

export function fillParams(url: string, value = 'x_0000000000000000'): string {
  return url.replace(/:[a-z_]+/g, value);
}

/** The list route that returns the same resource type as `route` (to find real ids). */
export function listRouteFor(route: RouteSpec): (RouteSpec & { url: string }) | undefined {
  if (route.envelope.kind !== 'one') return undefined;
  const type = route.envelope.type;
  return allRoutes.find(
    (r) => r.method === 'GET' && r.envelope.kind === 'list' && r.envelope.type === type && !r.url.includes(':'),
  );
}

/** The GET route that shows the resource a path parameter names (`order_id` → GET /orders/:order_id). */
export function showRouteForParam(param: string): (RouteSpec & { url: string }) | undefined {
  return allRoutes.find(
    (r) =>
      r.method === 'GET' && r.envelope.kind === 'one' && r.url.endsWith(`/:${param}`) && paramNames(r.url).length === 1,
  );
}

/** A request no route may accept, and the refusal it must get (docs/decisions/input-limits.md). */
export interface MalformedCase {
  /** The class of bad input, for grouping (`nul-path`, `huge-page`, …). */
  kind: string;
  label: string;
  method: RouteSpec['method'];
  url: string;
  /** Raw JSON text sent as the body. */
  raw?: string;
  status: number;
  code: 'invalid_url_param' | 'invalid_content' | 'invalid_request';
  /** The pointer `details` must name, when the refusal is about one place. */
  pointer?: string;
}

const PLACEHOLDER = 'x_0000000000000000';
const ARRAY_LIMIT = 100;
const ID_LIMIT = 2048;

export const paramNames = (url: string) => [...url.matchAll(/:([a-z_]+)/g)].map((m) => m[1]);
const queryNames = (route: RouteSpec) =>
  Object.keys((route.query as { properties?: object } | undefined)?.properties ?? {});

/**
 * Every class of malformed input for one route, derived from its declaration, so a route added later
 * inherits them: NUL, bad escapes, undecodable UTF-8 and giant values in each path parameter; NUL,
 * bad escapes and repetition in each declared query parameter; a huge page number; NUL and unpaired
 * surrogates in each string of the body schema; non-object, over-long and deeply nested bodies.
 */
export function malformedCases(route: RouteSpec & { url: string }): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const url = (name: string, value: string) =>
    route.url.replace(/:([a-z_]+)/g, (_, p) => (p === name ? value : PLACEHOLDER));
  const urlParam = (kind: string, pointer: string, u: string) =>
    cases.push({
      kind,
      label: `${kind} ${pointer}`,
      method: route.method,
      url: u,
      status: 422,
      code: 'invalid_url_param',
      pointer,
    });
  for (const name of paramNames(route.url)) {
    urlParam('nul-path', `/${name}`, url(name, 'x_00%00ab'));
    urlParam('bad-escape-path', `/${name}`, url(name, 'x_00%zz'));
    urlParam('surrogate-path', `/${name}`, url(name, 'x_00%ED%A0%80'));
    urlParam('giant-id', `/${name}`, url(name, 'x'.repeat(ID_LIMIT + 1)));
  }
  const base = fillParams(route.url);
  for (const q of queryNames(route)) {
    urlParam('nul-query', `/${q}`, `${base}?${q}=a%00b`);
    urlParam('bad-escape-query', `/${q}`, `${base}?${q}=%E0%A4%A`);
    urlParam('surrogate-query', `/${q}`, `${base}?${q}=%ED%A0%80`);
    urlParam('repeated-query', `/${q}`, `${base}?${q}=1&${q}=1`);
  }
  if (queryNames(route).includes('page')) urlParam('huge-page', '/page', `${base}?page=99999999999999999999`);
  if (route.method === 'POST' || route.method === 'PATCH') {
    const body = (kind: string, raw: string, status: number, code: MalformedCase['code'], pointer?: string) =>
      cases.push({
        kind,
        label: `${kind} ${pointer ?? raw.slice(0, 20)}`,
        method: route.method,
        url: base,
        raw,
        status,
        code,
        pointer,
      });
    for (const pointer of stringLeaves(route.body)) {
      body('nul-body', JSON.stringify(bodyWith(pointer, 'a\u0000b')), 422, 'invalid_content', pointer);
      body('surrogate-body', JSON.stringify(bodyWith(pointer, 'a\ud800b')), 422, 'invalid_content', pointer);
    }
    body('nul-key', '{"a\\u0000":"b"}', 422, 'invalid_content', '/a\uFFFD');
    for (const raw of ['[]', '"text"', '42', 'null', 'true']) body('non-object-body', raw, 422, 'invalid_content', '');
    const list = firstArrayField(route.body) ?? 'items';
    body(
      'long-array',
      JSON.stringify({ [list]: Array(ARRAY_LIMIT + 1).fill('x') }),
      422,
      'invalid_content',
      `/${list}`,
    );
    body('deep-body', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`, 400, 'invalid_request');
  }
  return cases;
}

/** JSON pointers of the string fields a body schema declares (first array item, each union branch). */
export function stringLeaves(schema: unknown, pointer = '', depth = 0): string[] {
  const s = schema as
    | { type?: unknown; properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] }
    | undefined;
  if (!s || depth > 5) return [];
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const out = new Set<string>();
  if (types.includes('string')) out.add(pointer);
  if (s.properties)
    for (const [k, v] of Object.entries(s.properties))
      for (const p of stringLeaves(v, `${pointer}/${k}`, depth + 1)) out.add(p);
  else if (types.includes('object') && pointer) out.add(`${pointer}/key`); // free-form objects: metadata
  if (s.items) for (const p of stringLeaves(s.items, `${pointer}/0`, depth + 1)) out.add(p);
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])])
    for (const p of stringLeaves(branch, pointer, depth + 1)) out.add(p);
  return [...out];
}

function bodyWith(pointer: string, value: string): unknown {
  const parts = pointer.split('/').slice(1);
  const root: Record<string, unknown> = {};
  let node: any = root;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) node[part] = value;
    else node = node[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
  });
  return root;
}

function firstArrayField(schema: unknown): string | undefined {
  const props = (schema as { properties?: Record<string, { type?: unknown }> } | undefined)?.properties ?? {};
  return Object.keys(props).find((k) => props[k].type === 'array');
}
