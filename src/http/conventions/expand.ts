import { DomainError } from '../../kernel/errors.ts';
import type { RequestContext } from '../context.ts';
import type { Wire } from '../route.ts';
import type { ResourceTypes } from './resource-types.ts';

export type ExpandTree = Map<string, ExpandTree>;

/** `contact,line_items,line_items.item` → {contact:{}, line_items:{item:{}}} */
export function parseExpand(raw: string | undefined): ExpandTree {
  const tree: ExpandTree = new Map();
  if (!raw) return tree;
  for (const path of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let node = tree;
    for (const part of path.split('.')) {
      if (!node.has(part)) node.set(part, new Map());
      node = node.get(part)!;
    }
  }
  return tree;
}

/** Checks every path exists and that the caller may read every expanded resource. */
export function checkExpand(
  types: ResourceTypes,
  typeName: string,
  tree: ExpandTree,
  ctx: RequestContext,
  prefix = '',
) {
  const type = types.get(typeName);
  for (const [field, sub] of tree) {
    const target = type.relations?.[field]?.type ?? type.collections?.[field]?.type;
    if (!target || !types.has(target)) {
      throw new DomainError('invalid_url_param', undefined, [
        { pointer: '/expand', message: `\`${prefix}${field}\` cannot be expanded on ${typeName}` },
      ]);
    }
    const scope = types.get(target).scope;
    if (!ctx.principal.scopes.has(scope)) {
      throw new DomainError('forbidden', `Expanding \`${prefix}${field}\` requires the ${scope} scope.`);
    }
    checkExpand(types, target, sub, ctx, `${prefix}${field}.`);
  }
}

/** Replaces `{id}` references with full resources, level by level, one load per relation. */
export async function applyExpand(
  types: ResourceTypes,
  typeName: string,
  objects: Wire[],
  tree: ExpandTree,
  ctx: RequestContext,
) {
  if (!tree.size || !objects.length) return;
  const type = types.get(typeName);
  for (const [field, sub] of tree) {
    const relation = type.relations?.[field];
    if (relation) {
      const ids = new Set<string>();
      for (const o of objects) for (const ref of refsOf(o[field])) ids.add(ref);
      const loaded = ids.size ? await types.get(relation.type).load(ctx, [...ids]) : new Map();
      const expanded: Wire[] = [];
      for (const o of objects) {
        const v = o[field];
        if (Array.isArray(v)) o[field] = v.map((r: { id: string }) => take(loaded, r, expanded));
        else if (v && typeof v === 'object') o[field] = take(loaded, v as { id: string }, expanded);
      }
      await applyExpand(types, relation.type, expanded, sub, ctx);
      continue;
    }
    const collection = type.collections![field];
    const byParent = await collection.childIds(
      ctx,
      objects.map((o) => o.id as string),
    );
    const allIds = [...new Set([...byParent.values()].flat())];
    const loaded = allIds.length ? await types.get(collection.type).load(ctx, allIds) : new Map();
    const children: Wire[] = [];
    for (const o of objects) {
      o[field] = (byParent.get(o.id as string) ?? []).map((id) => take(loaded, { id }, children));
    }
    await applyExpand(types, collection.type, children, sub, ctx);
  }
}

function refsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((r) => r?.id).filter(Boolean);
  if (v && typeof v === 'object' && 'id' in v) return [(v as { id: string }).id];
  return [];
}

function take(loaded: Map<string, Wire>, ref: { id: string }, into: Wire[]): Wire {
  const full = loaded.get(ref.id);
  if (!full) return ref;
  const copy = structuredClone(full);
  into.push(copy);
  return copy;
}
