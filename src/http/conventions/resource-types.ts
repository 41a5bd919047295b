import type { Scope } from '../../kernel/scopes.ts';
import type { RequestContext } from '../context.ts';
import type { Wire } from '../route.ts';

/** A resource as `expand` sees it: how to load it by id and which of its fields point elsewhere. */
export interface ResourceType {
  name: string;
  scope: Scope;
  load(ctx: RequestContext, ids: string[]): Promise<Map<string, Wire>>;
  /** Fields holding `{id}` (or `[{id}]` when many) of another resource type. */
  relations?: Record<string, { type: string; many?: boolean }>;
  /** Fields present only when expanded (site → unit_types): child ids by parent id. */
  collections?: Record<
    string,
    { type: string; childIds(ctx: RequestContext, parentIds: string[]): Promise<Map<string, string[]>> }
  >;
}

export class ResourceTypes {
  private readonly types = new Map<string, ResourceType>();

  add(type: ResourceType) {
    this.types.set(type.name, type);
  }
  get(name: string): ResourceType {
    const t = this.types.get(name);
    if (!t) throw new Error(`Unknown resource type ${name}`);
    return t;
  }
  has(name: string): boolean {
    return this.types.has(name);
  }
}

/** The `load` result of a resource type: each loaded entity rendered, keyed by its id. */
export function renderedById<T extends { id: string }>(items: T[], render: (item: T) => Wire): Map<string, Wire> {
  return new Map(items.map((item) => [item.id, render(item)]));
}
