/**
 * Pages whose nodes PostgreSQL writes as JSON (src/query/json-page.ts), in compiled execution.
 * Before an operation is compiled, each page it asks of a generated list field (a root list or a
 * child list: relations.ts registers them) whose nodes select only what to_json writes exactly as
 * graphql-js would serialise it (plain String, Int and Boolean columns of fitting types, global IDs,
 * __typename, the same of many-to-one references, and child lists whose connections select such
 * nodes, totalCount and page flags) has its `nodes { … }` replaced by `nodes: _nodesJson`, a field
 * only the compiled schema has. The list's resolver finds the plan of the replaced selection
 * (pageSelection) and its one statement returns one JSON text per page, child lists included,
 * which the answer carries as it is.
 * A page is left alone when anything else could shape its nodes: directives, arguments, fragments
 * inside them, cursors or edges beside them, or another selection of the same answer path that
 * graphql-js would merge with it. The arguments of child lists inside the JSON are bound per
 * request (bindChildLists); when one would fail (a page too large, a list the viewer may not
 * read), the request is interpreted, so its errors are graphql-js's, at the child lists' paths.
 * Interpreted operations (the first sighting, and graphql-js) never see a replaced page;
 * test/json-pages.test.ts holds both to the same answers for every list field.
 */
import type { EntityClass, MetadataStorage } from '@mikro-orm/core';
import {
  Kind, extendSchema, getNamedType, isCompositeType, isNonNullType, isObjectType, isScalarType, parse, visit,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { getMetadataStorage } from 'type-graphql';
import { NODES_JSON_FIELD, type JsonChildren, type JsonConnectionPart, type JsonField, type JsonLeaf, type JsonNodes } from '../query/json-page';
import { checkConnectionArgs, type ChildArgs, type ConnectionArgs } from '../query/connection';
import type { EntityDecl } from '../query/declaration';
import type { Context } from '../context';
import { policy, scopedArgs } from '../modules/auth/policy';
import { hasNumericId, manyToOnes } from '../query/relations-meta';
import { plainColumnFields } from './plain-columns';
import { toGlobalId } from '../common/global-id';

/** A generated list field: the declaration of its nodes, and for a child list the parent's name in parentLinks(decl). */
interface PageField {
  decl: EntityDecl;
  link?: string;
}

/** Generated list fields ("Parent.field") and forward fields ("Type.field"). */
const pageFields = new Map<string, PageField>();
const forwardFields = new Set<string>();

/** The GraphQL object type name of an entity class. */
export function objectTypeName(entity: Function): string {
  return getMetadataStorage().objectTypes.find((t) => t.target === entity)?.name ?? entity.name;
}

/** A list field: `Query.<list>` (no link), or a child list on `parentType` linked by parentLinks(decl)[link]. */
export function registerPageField(parentType: string, field: string, decl: EntityDecl, link?: string): void {
  pageFields.set(`${parentType}.${field}`, { decl, link });
}

export function registerForwardField(type: string, field: string): void {
  forwardFields.add(`${type}.${field}`);
}

/** Every registered list field, for tests that go through them all. */
export function registeredPageFields(): { parentType: string; field: string; entity: EntityClass<object> }[] {
  return [...pageFields].map(([coordinate, { decl }]) => {
    const [parentType, field] = coordinate.split('.');
    return { parentType, field, entity: decl.entity };
  });
}

/** Plans by the `_nodesJson` field node that replaced a page's nodes; the connection's field node before it was replaced. */
const plans = new WeakMap<FieldNode, JsonNodes>();
const originals = new WeakMap<FieldNode, FieldNode>();
/** Where each child list inside a JSON page takes its arguments from. */
const childFields = new WeakMap<JsonChildren, { def: GraphQLField<unknown, unknown>; node: FieldNode }>();

/**
 * The arguments of `lists` (child lists inside JSON pages) for this request, scoped to the viewer
 * and checked as their statements will check them; undefined when one of them would fail, so the
 * operation is to be interpreted (its errors then stand at the child lists' paths, as graphql-js
 * puts them). `variables`: the operation's variables as graphql-js coerced them.
 */
export function bindChildLists(lists: readonly JsonChildren[], variables: Record<string, unknown>, ctx: Context): ChildArgs | undefined {
  const bound = new Map<JsonChildren, ConnectionArgs>();
  try {
    for (const list of lists) {
      const { def, node } = childFields.get(list)!;
      const args = scopedArgs(ctx, list.decl, getArgumentValues(def, node, variables) as ConnectionArgs);
      checkConnectionArgs(list.decl, args, policy(ctx));
      bound.set(list, args);
    }
  } catch {
    // Whatever it is (a refused page, a list the viewer may not read), graphql-js raises it again where it belongs.
    return undefined;
  }
  return bound;
}

/** The JSON plan of a connection's selection, if compiled execution replaced its nodes. */
export function jsonNodesOf(connection: FieldNode): JsonNodes | undefined {
  for (const sel of connection.selectionSet?.selections ?? []) {
    if (sel.kind === Kind.FIELD && sel.name.value === NODES_JSON_FIELD) return plans.get(sel);
  }
  return undefined;
}

/** A connection's field node as the client wrote it (the cost of what it promises is counted on that). */
export function asWritten(field: FieldNode): FieldNode {
  return originals.get(field) ?? field;
}

/** Whether to_json of a column of this type writes what graphql-js writes for the field. */
function writesAsGraphql(field: GraphQLField<unknown, unknown>, prop: { columnTypes?: string[]; nullable?: boolean } | undefined): boolean {
  if (!prop || (isNonNullType(field.type) && prop.nullable)) return false;
  const named = getNamedType(field.type);
  if (!isScalarType(named)) return false;
  const column = String(prop.columnTypes?.[0] ?? '').toLowerCase();
  switch (named.name) {
    case 'String': return /^(text|varchar|character varying)(\(\d+\))?$/.test(column) || column === 'date';
    case 'Int': return /^(int|int2|int4|integer|smallint)$/.test(column);
    case 'Boolean': return column === 'boolean' || column === 'bool';
    default: return false;
  }
}

/**
 * Whether the entity's `id` field is the global ID of its numeric key under its type's name, as the
 * SQL of json-page.ts writes it: checked on an instance with a probe key, since each entity has a getter.
 */
function writesGlobalId(entity: EntityClass<object>, type: GraphQLObjectType): boolean {
  const def = type.getFields().id;
  if (!def || !hasNumericId(entity) || getNamedType(def.type).name !== 'ID') return false;
  const probe = Object.create(entity.prototype as object) as { globalId?: unknown };
  Object.defineProperty(probe, 'id', { value: 4711 });
  try {
    return probe.globalId === toGlobalId(type.name, 4711);
  } catch {
    return false;
  }
}

/**
 * A selection's fields, each response key once; undefined when anything else is there (fragments,
 * directives, arguments except on the fields `mayHaveArguments` names).
 */
function plainFields(set: SelectionSetNode | undefined, mayHaveArguments: (name: string) => boolean = () => false): FieldNode[] | undefined {
  if (!set) return undefined;
  const keys = new Set<string>();
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.kind !== Kind.FIELD || sel.directives?.length || (sel.arguments?.length && !mayHaveArguments(sel.name.value))) return undefined;
    const key = sel.alias?.value ?? sel.name.value;
    if (keys.has(key)) return undefined;
    keys.add(key);
    out.push(sel);
  }
  return out;
}

export class JsonPages {
  constructor(private readonly schema: GraphQLSchema, private readonly metadata: MetadataStorage) {}

  /** The connection types a page can be asked of: each gets `_nodesJson` in the compiled schema. */
  private connectionTypes(): GraphQLObjectType[] {
    const out = new Map<string, GraphQLObjectType>();
    for (const coordinate of pageFields.keys()) {
      const [parent, field] = coordinate.split('.');
      const type = this.schema.getType(parent);
      const def = isObjectType(type) ? type.getFields()[field] : undefined;
      const connection = def && getNamedType(def.type);
      if (connection && isObjectType(connection)) out.set(connection.name, connection);
    }
    return [...out.values()];
  }

  /** The served schema with `_nodesJson` on every connection type a page can be asked of. */
  compilationSchema(schema: GraphQLSchema): GraphQLSchema {
    const types = this.connectionTypes();
    if (!types.length) return schema;
    const sdl = ['scalar InternalNodesJson', ...types.map((t) => `extend type ${t.name} { ${NODES_JSON_FIELD}: InternalNodesJson! }`)].join('\n');
    return extendSchema(schema, parse(sdl), { assumeValidSDL: true });
  }

  private column(entity: EntityClass<object>, type: GraphQLObjectType, field: FieldNode): JsonLeaf | undefined {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name === '__typename') return { kind: 'typename', key, typename: type.name };
    if (name === 'id') return writesGlobalId(entity, type) ? { kind: 'globalId', key, typename: type.name } : undefined;
    const property = plainColumnFields(entity).get(name);
    const def = type.getFields()[name];
    if (!property || !def || field.selectionSet) return undefined;
    const prop = this.metadata.get(entity.name).properties[property as never] as { columnTypes?: string[]; nullable?: boolean } | undefined;
    return writesAsGraphql(def, prop) ? { kind: 'column', key, property } : undefined;
  }

  /** A registered list field of `parent`: its declaration, its definition, connection type and node type. */
  private listField(parent: GraphQLObjectType, name: string) {
    const page = pageFields.get(`${parent.name}.${name}`);
    const def = parent.getFields()[name];
    const connection = def && getNamedType(def.type);
    const nodeType = isObjectType(connection) ? getNamedType(connection.getFields().nodes?.type) : undefined;
    if (!page || !isObjectType(connection) || !isObjectType(nodeType)) return undefined;
    return { page, def, connection, nodeType };
  }

  /**
   * A child list inside a page's nodes, written into their JSON: its connection selects its nodes
   * (as a page's nodes qualify), totalCount, __typename and page flags, each once, nothing else;
   * the list field has arguments only (bound per request), no directives.
   */
  private childList(nodeType: GraphQLObjectType, field: FieldNode): JsonChildren | undefined {
    const found = this.listField(nodeType, field.name.value);
    if (!found?.page.link || field.directives?.length) return undefined;
    const selected = plainFields(field.selectionSet);
    if (!selected) return undefined;
    const connection: JsonConnectionPart[] = [];
    let nodes: JsonNodes | undefined;
    for (const f of selected) {
      const key = f.alias?.value ?? f.name.value;
      if (f.name.value === 'nodes' && !nodes) {
        nodes = this.plan(found.page.decl.entity, found.nodeType, f);
        if (!nodes) return undefined;
        connection.push({ kind: 'nodes', key });
      } else if (f.name.value === 'totalCount' && !f.selectionSet) {
        connection.push({ kind: 'totalCount', key });
      } else if (f.name.value === '__typename') {
        connection.push({ kind: 'typename', key, typename: found.connection.name });
      } else if (f.name.value === 'pageInfo') {
        const flags = plainFields(f.selectionSet);
        const pageInfo = getNamedType(found.connection.getFields().pageInfo?.type).name;
        if (!flags) return undefined;
        const parts: Extract<JsonConnectionPart, { kind: 'pageInfo' }>['fields'] = [];
        for (const g of flags) {
          const flagKey = g.alias?.value ?? g.name.value;
          if (g.name.value === 'hasNextPage' || g.name.value === 'hasPreviousPage') parts.push({ kind: g.name.value, key: flagKey });
          else if (g.name.value === '__typename') parts.push({ kind: 'typename', key: flagKey, typename: pageInfo });
          else return undefined;
        }
        connection.push({ kind: 'pageInfo', key, fields: parts });
      } else {
        return undefined;
      }
    }
    const child: JsonChildren = { kind: 'children', key: field.alias?.value ?? field.name.value, decl: found.page.decl, parentType: found.page.link, connection, nodes: nodes ?? { fields: [], signature: '[]', children: [] } };
    childFields.set(child, { def: found.def, node: field });
    return child;
  }

  /** The JSON plan of a page's `nodes { … }` selection, or undefined if json-page.ts could not write it. */
  private plan(entity: EntityClass<object>, nodeType: GraphQLObjectType, nodes: FieldNode): JsonNodes | undefined {
    if (nodes.directives?.length || nodes.arguments?.length) return undefined;
    const selected = plainFields(nodes.selectionSet, (name) => pageFields.has(`${nodeType.name}.${name}`));
    if (!selected) return undefined;
    const refs = new Map(manyToOnes(entity).map((r) => [r.property, r]));
    const fields: JsonField[] = [];
    const children: JsonChildren[] = [];
    for (const f of selected) {
      if (pageFields.has(`${nodeType.name}.${f.name.value}`)) {
        const child = this.childList(nodeType, f);
        if (!child) return undefined;
        fields.push(child);
        children.push(child, ...child.nodes.children);
        continue;
      }
      const ref = refs.get(f.name.value);
      if (ref && f.selectionSet) {
        const def = nodeType.getFields()[f.name.value];
        const target = def && getNamedType(def.type);
        if (!forwardFields.has(`${nodeType.name}.${f.name.value}`) || !hasNumericId(ref.target) || !isObjectType(target) || (isNonNullType(def.type) && ref.nullable)) return undefined;
        const inner = plainFields(f.selectionSet);
        const leaves = inner?.map((g) => this.column(ref.target, target, g));
        if (!leaves || leaves.some((l) => !l)) return undefined;
        fields.push({ kind: 'reference', key: f.alias?.value ?? f.name.value, property: ref.property, column: ref.column, target: ref.target, fields: leaves as JsonLeaf[] });
        continue;
      }
      const leaf = this.column(entity, nodeType, f);
      if (!leaf) return undefined;
      fields.push(leaf);
    }
    const signature = JSON.stringify(fields.map((f) => f.kind === 'reference' ? [f.key, f.property, f.fields]
      : f.kind === 'children' ? [f.key, f.decl.name, f.parentType, f.connection, f.nodes.signature] : f));
    return { fields, signature, children };
  }

  /** The connection field node with its nodes replaced, or undefined when the page must be executed as written. */
  private replaced(field: FieldNode, parent: GraphQLObjectType): FieldNode | undefined {
    const found = this.listField(parent, field.name.value);
    if (!found) return undefined;
    const { nodeType } = found;
    const selected = field.selectionSet?.selections ?? [];
    if (selected.some((s) => s.kind !== Kind.FIELD)) return undefined;
    const fields = selected as FieldNode[];
    const nodes = fields.filter((f) => f.name.value === 'nodes');
    if (nodes.length !== 1) return undefined;
    // Beside the nodes: counts, __typename, and page flags (cursors come from rows).
    const besides = fields.every((f) => f.name.value === 'nodes' || f.name.value === 'totalCount' || f.name.value === '__typename'
      || (f.name.value === 'pageInfo' && (f.selectionSet?.selections ?? []).every((s) => s.kind === Kind.FIELD && ['hasNextPage', 'hasPreviousPage', '__typename'].includes(s.name.value))));
    if (!besides) return undefined;
    const plan = this.plan(found.page.decl.entity, nodeType, nodes[0]);
    if (!plan) return undefined;
    const json: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: nodes[0].alias?.value ?? 'nodes' }, name: { kind: Kind.NAME, value: NODES_JSON_FIELD }, arguments: [], directives: [] };
    plans.set(json, plan);
    const rewritten: FieldNode = { ...field, selectionSet: { ...field.selectionSet!, selections: fields.map((f) => (f === nodes[0] ? json : f)) } };
    originals.set(rewritten, field);
    return rewritten;
  }

  /**
   * `document` with the nodes of every page that qualifies replaced (the same document if none), and
   * the child lists inside those pages, whose arguments each request binds (bindChildLists).
   */
  rewrite(document: DocumentNode): { document: DocumentNode; childLists: JsonChildren[] } {
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    // Every list field node with its parent type, and the field nodes found at each answer path.
    const found = new Map<FieldNode, { parent: GraphQLObjectType; paths: Set<string> }>();
    const atPath = new Map<string, Set<FieldNode>>();
    const walk = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, path: string, spreading: Set<string>): void => {
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) {
          const key = `${path}.${sel.alias?.value ?? sel.name.value}`;
          const nodesAtPath = atPath.get(key) ?? new Set();
          atPath.set(key, nodesAtPath.add(sel));
          const def = parent && 'getFields' in parent ? parent.getFields()[sel.name.value] : undefined;
          if (isObjectType(parent) && pageFields.has(`${parent.name}.${sel.name.value}`)) {
            const entry = found.get(sel) ?? { parent, paths: new Set<string>() };
            found.set(sel, entry);
            entry.paths.add(key);
          }
          const type = def && getNamedType(def.type);
          walk(sel.selectionSet, type && isCompositeType(type) ? type : undefined, key, spreading);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const type = sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent;
          walk(sel.selectionSet, type && isCompositeType(type) ? type : undefined, path, spreading);
        } else {
          const fragment = fragments.get(sel.name.value);
          if (!fragment || spreading.has(sel.name.value)) continue;
          const type = this.schema.getType(fragment.typeCondition.name.value);
          walk(fragment.selectionSet, type && isCompositeType(type) ? type : undefined, path, new Set(spreading).add(sel.name.value));
        }
      }
    };
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      const root = d.operation === 'query' ? this.schema.getQueryType() : d.operation === 'mutation' ? this.schema.getMutationType() : this.schema.getSubscriptionType();
      walk(d.selectionSet, root ?? undefined, d.operation, new Set());
    }
    const targets = new Map<FieldNode, FieldNode>();
    for (const [field, { parent, paths }] of found) {
      if (![...paths].every((p) => atPath.get(p)!.size === 1)) continue;
      const rewritten = this.replaced(field, parent);
      if (rewritten) targets.set(field, rewritten);
    }
    if (!targets.size) return { document, childLists: [] };
    // A page inside another replaced page is part of its JSON: only the outermost are kept.
    const childLists: JsonChildren[] = [];
    const rewritten = visit(document, {
      Field: {
        enter: (node) => {
          const replacement = targets.get(node);
          if (replacement) childLists.push(...jsonNodesOf(replacement)!.children);
          return replacement;
        },
      },
    });
    return { document: rewritten, childLists };
  }
}
