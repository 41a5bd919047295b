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
  return allRoutes.find((r) => r.method === 'GET' && r.envelope.kind === 'list' && r.envelope.type === type && !r.url.includes(':'));
}
