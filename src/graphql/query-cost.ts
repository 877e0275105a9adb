/**
 * What an operation could cost, estimated from the schema before it runs: every field counts 1,
 * and a list multiplies what is selected under it by how many items it can hold.
 *
 * - A connection (an object type with `pageInfo` and `nodes` or `edges`) holds its effective page
 *   size: `first`/`last` (literal, variable, or the variable's default), else the server's default
 *   page size; an aggregate (a connection field taking `groupBy`) defaults to the group page size.
 * - An aggregate also costs the statement it runs: AGGREGATE_UNIT x (1 + dimensions) x (1 + the
 *   parameterized measures it asks for, such as percentiles), counted wherever they appear under it
 *   (previousYear included).
 * - Any other list holds as many items as its list argument has (`nodes(ids:)`), else UNPAGED_LIST.
 *
 * Everything is read from the schema's types, so a new connection is costed like the others
 * without a list of names to keep. Introspection fields do not add depth (type references nest by
 * design; graphql-js refuses recursive introspection); their lists hold what the schema holds.
 */
import {
  GraphQLObjectType, Kind, SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef,
  getNamedType, getNullableType, isAbstractType, isCompositeType, isListType, isObjectType, valueFromASTUntyped,
  type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLNamedType,
  type GraphQLResolveInfo, type GraphQLSchema, type GraphQLType, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';

/** Lists without a page or an id list (members, revisions, cities, introspection): assume this many items. */
export const UNPAGED_LIST = 10;
/** The base cost of the SQL statement behind an aggregate, scaled by its dimensions and measures. */
export const AGGREGATE_UNIT = 50;
/** Selections visited (fragments expanded) after which the walk stops: no honest document comes close. */
const MAX_VISITS = 50_000;

export interface CostOptions {
  maxDepth: number;
  /** Page size of a connection asked for without first/last. */
  defaultPageSize: number;
  /** Page size of an aggregate asked for without first. */
  defaultGroupPageSize: number;
}

export interface OperationMeasure {
  depth: number;
  /** Estimated values the response could hold plus the aggregates' work; Infinity when unmeasurable. */
  cost: number;
  aliases: number;
  directives: number;
}

/** The values each variable will have: the request's, else the operation's default. */
export function variableValues(operation: OperationDefinitionNode, provided: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (Object.prototype.hasOwnProperty.call(provided, name)) values[name] = provided[name];
    else if (def.defaultValue) values[name] = valueFromASTUntyped(def.defaultValue, {});
  }
  return values;
}

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'pageInfo' in fields && ('nodes' in fields || 'edges' in fields);
}

function fieldDef(schema: GraphQLSchema, parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  if (!parent || !('getFields' in parent)) return undefined;
  return parent.getFields()[name];
}

/** The page a connection field will hold: first/last, else its default. */
export function pageSize(args: Record<string, unknown>, def: GraphQLField<unknown, unknown>, opts: Pick<CostOptions, 'defaultPageSize' | 'defaultGroupPageSize'>): number {
  const asked = [args.first, args.last].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (asked.length) return Math.max(0, ...asked);
  return def.args.some((a) => a.name === 'groupBy') ? opts.defaultGroupPageSize : opts.defaultPageSize;
}

/**
 * Sizes of the introspection lists, from the schema itself: how many types and directives it has,
 * and the average number of fields, arguments, values... per item, so that nested lists multiply
 * to the schema's real totals. (Recursive introspection is refused by graphql-js's MaxIntrospectionDepthRule.)
 */
const introspectionSizes = new WeakMap<GraphQLSchema, Record<string, number>>();

function introspectionListSize(schema: GraphQLSchema, parent: string, field: string): number | undefined {
  let sizes = introspectionSizes.get(schema);
  if (!sizes) {
    const types = Object.values(schema.getTypeMap());
    const fields = types.flatMap((t) => ('getFields' in t && !('parseLiteral' in t) ? Object.values(t.getFields()) : []));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const average = (total: number, of: number) => Math.max(1, Math.ceil(total / Math.max(1, of)));
    const objectFields = fields.filter((f): f is GraphQLField<unknown, unknown> => 'args' in f);
    const directives = schema.getDirectives();
    sizes = {
      '__Schema.types': types.length,
      '__Schema.directives': directives.length,
      '__Type.fields': average(objectFields.length, types.length),
      '__Type.inputFields': average(fields.length - objectFields.length, types.length),
      '__Type.enumValues': average(sum(types.map((t) => ('getValues' in t ? t.getValues().length : 0))), types.length),
      '__Type.interfaces': average(sum(types.map((t) => ('getInterfaces' in t ? t.getInterfaces().length : 0))), types.length),
      '__Type.possibleTypes': average(sum(types.map((t) => (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0))), types.length),
      '__Field.args': average(sum(objectFields.map((f) => f.args.length)), objectFields.length),
      '__Directive.args': average(sum(directives.map((d) => d.args.length)), directives.length),
      '__Directive.locations': average(sum(directives.map((d) => d.locations.length)), directives.length),
    };
    // `ofType` number k of a type reference is non-null only for references wrapped k times or more:
    // given number k - 1, with this probability.
    const refs = [...objectFields.flatMap((f) => [f.type, ...f.args.map((a) => a.type)]), ...fields.filter((f) => !('args' in f)).map((f) => f.type)];
    const wrappers = refs.map((t) => {
      let n = 0;
      for (let x: GraphQLType = t; 'ofType' in x; x = x.ofType) n += 1;
      return n;
    });
    const share = (k: number) => wrappers.filter((n) => n >= k).length / Math.max(1, refs.length);
    for (let k = 1; k <= 8; k += 1) sizes[`ofType.${k}`] = share(k - 1) ? share(k) / share(k - 1) : 0;
    introspectionSizes.set(schema, sizes);
  }
  return sizes[`${parent}.${field}`];
}

/** Items of a plain list: the length of its list argument (ids), else UNPAGED_LIST. */
function listSize(args: Record<string, unknown>): number {
  const lists = Object.values(args).filter(Array.isArray);
  return lists.length ? Math.max(...lists.map((l) => l.length)) : UNPAGED_LIST;
}

interface Tally {
  depth: number;
  aliases: number;
  directives: number;
  visits: number;
  params: number;
}

/** The walk over selection sets, for one document and its variables. */
function costWalker(schema: GraphQLSchema, fragments: Record<string, FragmentDefinitionNode>, vars: Record<string, unknown>, opts: CostOptions, tally: Tally) {
  /**
   * Cost of a selection set on `parent` at `depth`. `items`: how many items each list field of this
   * set holds, when the set is a connection's (its page size). `inAggregate`: count parameterized measures.
   */
  const walk = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined, depth: number, seen: Set<string>, items: number | undefined, inAggregate: boolean, ofType = 0): number => {
    if (!set) return 0;
    if (depth > tally.depth) tally.depth = depth;
    if (depth > opts.maxDepth) return 0;
    let cost = 0;
    for (const sel of set.selections) {
      // Every selection counts, fragment spreads included: a document that spreads fragments into
      // each other many times over expands exponentially, and is refused once past the cap.
      if (++tally.visits > MAX_VISITS) return Infinity;
      tally.directives += sel.directives?.length ?? 0;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        cost += walk(sel.selectionSet, on && isCompositeType(on) ? on : parent, depth, seen, items, inAggregate, ofType);
        if (!Number.isFinite(cost)) return Infinity;
        continue;
      }
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (seen.has(name) || !fragment) continue; // cycles were refused by validation
        const on = schema.getType(fragment.typeCondition.name.value);
        cost += walk(fragment.selectionSet, on && isCompositeType(on) ? on : parent, depth, new Set(seen).add(name), items, inAggregate, ofType);
        if (!Number.isFinite(cost)) return Infinity;
        continue;
      }
      if (sel.alias) tally.aliases += 1;
      const def = fieldDef(schema, parent, sel.name.value);
      if (!def) {
        cost += 1;
        continue;
      }
      const args = Object.fromEntries((sel.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, vars)]));
      const named = getNamedType(def.type);
      const child = isCompositeType(named) ? named : undefined;
      // Type references nest by design: introspection adds no depth.
      const nextDepth = sel.name.value.startsWith('__') || (parent?.name.startsWith('__') ?? false) ? depth : depth + 1;
      const isList = isListType(getNullableType(def.type));

      if (isConnectionType(named)) {
        const aggregate = def.args.some((a) => a.name === 'groupBy');
        const before = tally.params;
        const inner = walk(sel.selectionSet, child, nextDepth, seen, pageSize(args, def, opts), inAggregate || aggregate);
        let work = 0;
        if (aggregate) {
          const groupBy = args.groupBy;
          const dimensions = Array.isArray(groupBy) ? groupBy.length : groupBy == null ? 0 : 1;
          work = AGGREGATE_UNIT * (1 + dimensions) * (1 + tally.params - before);
        }
        cost += 1 + inner + work;
      } else {
        if (inAggregate && def.args.length > 0) tally.params += 1;
        const level = parent?.name === '__Type' && sel.name.value === 'ofType' ? ofType + 1 : 0;
        const inner = walk(sel.selectionSet, child, nextDepth, seen, undefined, inAggregate, level);
        const count = level ? introspectionListSize(schema, 'ofType', String(level)) ?? 1
          : !isList ? 1 : items ?? (parent && introspectionListSize(schema, parent.name, sel.name.value)) ?? listSize(args);
        cost += 1 + count * (sel.selectionSet ? inner : isList ? 1 : 0);
      }
      if (!Number.isFinite(cost)) return Infinity;
    }
    return cost;
  };
  return walk;
}

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  opts: CostOptions,
): OperationMeasure {
  const tally: Tally = { depth: 0, aliases: 0, directives: operation.directives?.length ?? 0, visits: 0, params: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const walk = costWalker(schema, fragments, variableValues(operation, variables), opts, tally);
  const cost = Math.ceil(walk(operation.selectionSet, root ?? undefined, 1, new Set(), undefined, false));
  return { depth: tally.depth, cost, aliases: tally.aliases, directives: tally.directives };
}

/** The estimated cost of one field as it is being resolved (its nodes, their own lists...), by the same rules. */
export function fieldCost(info: Pick<GraphQLResolveInfo, 'schema' | 'parentType' | 'fieldNodes' | 'fragments' | 'variableValues'>, opts: Omit<CostOptions, 'maxDepth'>): number {
  const tally: Tally = { depth: 0, aliases: 0, directives: 0, visits: 0, params: 0 };
  const walk = costWalker(info.schema, info.fragments, info.variableValues, { ...opts, maxDepth: Infinity }, tally);
  return walk({ kind: Kind.SELECTION_SET, selections: info.fieldNodes }, info.parentType, 1, new Set(), undefined, false);
}
