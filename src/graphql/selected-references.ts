/**
 * Which many-to-one references a connection's nodes select (`nodes { township { name } }`, also under
 * `edges { node }` and through fragments), so the page's own statement can join them instead of a
 * loader round afterwards. Directives are not evaluated: a skipped reference is joined for nothing, never missed.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { EntityClass } from '@mikro-orm/core';
import { hasNumericId, manyToOnes, type ManyToOneRef } from '../query/relations-meta';

function eachField(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, visit: (node: FieldNode) => void, seen = new Set<string>()): void {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) visit(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) eachField(info, sel.selectionSet, visit, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      eachField(info, info.fragments[sel.name.value]?.selectionSet, visit, seen);
    }
  }
}

/** The same field node reaches every parent's call: read it once. */
const cache = new WeakMap<FieldNode, { entity: EntityClass<object>; skip?: string; refs: ManyToOneRef[] }>();

/** References of `entity` that the connection's nodes select, except `skip` (the parent the list hangs from, already loaded). */
export function selectedReferences(info: GraphQLResolveInfo, entity: EntityClass<object>, skip?: string): ManyToOneRef[] {
  const field = info.fieldNodes[0];
  const known = info.fieldNodes.length === 1 ? cache.get(field) : undefined;
  if (known && known.entity === entity && known.skip === skip) return known.refs;
  const names = new Set<string>();
  const readNode = (set: SelectionSetNode | undefined) => eachField(info, set, (f) => { if (f.selectionSet) names.add(f.name.value); });
  for (const fieldNode of info.fieldNodes) {
    eachField(info, fieldNode.selectionSet, (f) => {
      if (f.name.value === 'nodes') readNode(f.selectionSet);
      else if (f.name.value === 'edges') eachField(info, f.selectionSet, (n) => n.name.value === 'node' && readNode(n.selectionSet));
    });
  }
  const refs = manyToOnes(entity).filter((r) => names.has(r.property) && r.property !== skip && hasNumericId(r.target));
  if (info.fieldNodes.length === 1) cache.set(field, { entity, skip, refs });
  return refs;
}
