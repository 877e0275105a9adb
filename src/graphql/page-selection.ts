/**
 * What a connection's nodes select (`nodes { … }`, `edges { node { … } }`, through fragments), so
 * the page's own statement reads just that: the many-to-one references it joins (`township { name }`)
 * instead of a loader round afterwards, and the columns of plain property fields (`caseNumber`).
 * A field that is not a plain column (a getter, a resolver of its own, a child list) makes the
 * statement read every column, as before. Directives are not evaluated: a skipped field is read for
 * nothing, never missed.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { EntityClass } from '@mikro-orm/core';
import type { PageSelection, SelectedReference } from '../query/connection';
import { hasNumericId, manyToOnes } from '../query/relations-meta';
import { jsonNodesOf } from './json-pages';
import { plainColumnFields } from './plain-columns';

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

/** Properties a selection of `entity` needs (always its id), or null when it needs every column (or is not keyed by a numeric id). */
function neededProperties(info: GraphQLResolveInfo, entity: EntityClass<object>, set: SelectionSetNode | undefined, references: Set<string>): string[] | null {
  if (!hasNumericId(entity)) return null;
  const plain = plainColumnFields(entity);
  const needed = new Set(['id']);
  let all = false;
  eachField(info, set, (f) => {
    const name = f.name.value;
    if (name === '__typename') return;
    if (references.has(name)) needed.add(name);
    else if (plain.has(name)) needed.add(plain.get(name)!);
    else all = true;
  });
  return all ? null : [...needed].sort();
}

/** The same field node reaches every parent's call: read it once. */
const cache = new WeakMap<FieldNode, { entity: EntityClass<object>; skip?: string; selection: PageSelection }>();

/** What the nodes of the connection at `info` select; `skip`: the reference to the parent the list hangs from (already loaded). */
export function pageSelection(info: GraphQLResolveInfo, entity: EntityClass<object>, skip?: string): PageSelection {
  const field = info.fieldNodes[0];
  const known = info.fieldNodes.length === 1 ? cache.get(field) : undefined;
  if (known && known.entity === entity && known.skip === skip) return known.selection;
  // Compiled execution replaced the nodes of this page: its statement writes them as JSON.
  const json = info.fieldNodes.length === 1 ? jsonNodesOf(field) : undefined;
  if (json) {
    const selection: PageSelection = { properties: null, references: [], json };
    cache.set(field, { entity, skip, selection });
    return selection;
  }
  const nodeSets: (SelectionSetNode | undefined)[] = [];
  for (const fieldNode of info.fieldNodes) {
    eachField(info, fieldNode.selectionSet, (f) => {
      if (f.name.value === 'nodes') nodeSets.push(f.selectionSet);
      else if (f.name.value === 'edges') eachField(info, f.selectionSet, (n) => n.name.value === 'node' && nodeSets.push(n.selectionSet));
    });
  }
  const refs = new Map(manyToOnes(entity).filter((r) => hasNumericId(r.target)).map((r) => [r.property, r]));
  // Each reference's sub-selections, wherever it is selected.
  const refSets = new Map<string, SelectionSetNode[]>();
  for (const set of nodeSets) eachField(info, set, (f) => {
    if (refs.has(f.name.value) && f.selectionSet) refSets.set(f.name.value, [...(refSets.get(f.name.value) ?? []), f.selectionSet]);
  });
  const merge = (sets: (SelectionSetNode | undefined)[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections: sets.flatMap((s) => s?.selections ?? []) });
  const references: SelectedReference[] = [...refSets].filter(([name]) => name !== skip).map(([name, sets]) => {
    const ref = refs.get(name)!;
    return { ...ref, properties: neededProperties(info, ref.target, merge(sets), new Set()) };
  });
  const selection: PageSelection = { references, properties: neededProperties(info, entity, merge(nodeSets), new Set(refs.keys())) };
  if (info.fieldNodes.length === 1) cache.set(field, { entity, skip, selection });
  return selection;
}
