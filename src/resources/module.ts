import type { ResourceType } from '../http/conventions/resource-types.ts';
import type { RouteSpec, Wire } from '../http/route.ts';
import type { RenderEnv } from '../http/context.ts';

/** A resource folder's exports: its endpoints, how `expand` loads it, how events render it. */
export interface ResourceModule {
  routes: RouteSpec[];
  types: ResourceType[];
  /** Event data key (`contact`) → the show endpoint's rendering of a domain entity. */
  renderers?: Record<string, (env: RenderEnv, entity: any) => Wire>;
}
