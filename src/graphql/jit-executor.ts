/**
 * Compiled execution (graphql-jit) behind Apollo Server. Apollo 5 has no executor option; its
 * gateway interface is the supported way to bring one: `load()` hands Apollo the schema and an
 * executor, and Apollo keeps parsing, validation, plugins and error formatting. Each operation is
 * compiled once and kept (by Apollo's query hash and operation name) in a bounded map.
 * Results are the same as graphql-js's (test/executor-conformance.test.ts); what it saves is
 * graphql-js's per-field work (argument objects, paths, result maps) on every one of thousands
 * of fields. graphql-jit inlines each fragment wherever it is spread, so a document that passes
 * the limits can still expand into far more code than it has text (the hostile corpus has one that
 * exhausted a 4 GB heap compiling), and compiling costs more than interpreting once: what is
 * compiled, and when, is COMPILE_POLICY's. The rest runs on graphql-js, as every operation did before.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, GraphQLScalarType, GraphQLSchema, Kind, execute, getNamedType, isAbstractType, isInputObjectType, isObjectType, printSchema, typeFromAST, valueFromASTUntyped, type VariableDefinitionNode, type DocumentNode, type ExecutionResult, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { nodeTypeName } from '../common/node';
import type { Context } from '../context';
import { ErrorCode } from '../errors';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { isConnectionType } from './query-cost';
import type { MetadataStorage } from '@mikro-orm/core';
import { JsonPages, bindChildLists } from './json-pages';
import type { JsonChildren } from '../query/json-page';
import { installGatewayRequestContext } from './gateway-request-context';
import { keepRecent, useRecent } from '../common/recent-entries';

/**
 * When an operation is compiled. Compiling costs about 0.1 ms and 3-5 kB kept per selection, fragments
 * expanded (bench/compile-cost.ts: W2's 10 take 9 ms, 906 take 89 ms and 4.6 MB; three times that on
 * a busy machine), far more than interpreting the operation once, so:
 * an operation is interpreted the first time it is seen and compiled the second (a stream of
 * distinct documents never makes the server compile); one larger than `maxSelections` is always
 * interpreted; compiled operations are kept while they hold fewer than `keptSelections` in all
 * (at most `kept` of them), the least recently used going first.
 */
export const COMPILE_POLICY = { maxSelections: 1_000, keptSelections: 10_000, kept: 500, remembered: 2_000 };

/**
 * The operation's selections with every fragment spread expanded, counted until `limit` is passed
 * (then limit + 1): the walk is as long as the code graphql-jit would generate, and stops early.
 */
export function expandedSelections(operation: OperationDefinitionNode, document: DocumentNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let count = 0;
  const walk = (set: SelectionSetNode | undefined, spreading: Set<string>): void => {
    for (const sel of set?.selections ?? []) {
      if (count > limit) return;
      count += 1;
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        // Cycles were refused by validation; the guard keeps the walk finite regardless.
        if (fragment && !spreading.has(sel.name.value)) walk(fragment.selectionSet, new Set(spreading).add(sel.name.value));
      } else {
        walk(sel.selectionSet, spreading);
      }
    }
  };
  walk(operation.selectionSet, new Set());
  return Math.min(count, limit + 1);
}

/** Whether the operation reads the schema (__schema or __type, root fields, also through fragments). */
export function readsSchema(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const seen = new Set<string>();
  const reads = (set: SelectionSetNode): boolean => set.selections.some((sel) => {
    if (sel.kind === Kind.FIELD) return sel.name.value === '__schema' || sel.name.value === '__type';
    if (sel.kind === Kind.INLINE_FRAGMENT) return reads(sel.selectionSet);
    const fragment = fragments.get(sel.name.value);
    if (!fragment || seen.has(sel.name.value)) return false;
    seen.add(sel.name.value);
    return reads(fragment.selectionSet);
  });
  return reads(operation.selectionSet);
}

/** Compiled operations by key, and how often the uncompiled ones were seen; both bounded, least recently used out first. */
export class CompiledOperations {
  private readonly compiled = new Map<string, { query: CompiledQuery; selections: number }>();
  private readonly sightings = new Map<string, number>();
  private selections = 0;

  constructor(private readonly policy = COMPILE_POLICY) {}

  /** The compiled operation for `key`, compiling it now if this is its second sighting; undefined: interpret it. */
  get(key: string, compile: () => { selections: number; query: () => CompiledQuery | undefined }): CompiledQuery | undefined {
    const hit = useRecent(this.compiled, key);
    if (hit) return hit.query;
    const seen = (this.sightings.get(key) ?? 0) + 1;
    if (seen < 2) return this.remember(key, seen);
    const { selections, query: build } = compile();
    // Too large, or not compilable: remembered as never to be compiled (while it stays among the remembered).
    const query = selections > this.policy.maxSelections ? undefined : build();
    if (!query) return this.remember(key, -Infinity);
    this.sightings.delete(key); // dropped from the compiled ones later, it starts over as unseen
    this.compiled.set(key, { query, selections });
    this.selections += selections;
    for (const [oldest, entry] of this.compiled) {
      if (this.selections <= this.policy.keptSelections && this.compiled.size <= this.policy.kept) break;
      this.compiled.delete(oldest);
      this.selections -= entry.selections;
    }
    return query;
  }

  /** Keeps `key`'s sightings (the most recent last, at most `remembered` of them); the operation is interpreted. */
  private remember(key: string, seen: number): undefined {
    keepRecent(this.sightings, key, seen, this.policy.remembered);
    return undefined;
  }

  get size(): { operations: number; selections: number } {
    return { operations: this.compiled.size, selections: this.selections };
  }
}

/** Whether a variable's type is an input object (or a list of them): those graphql-jit cannot parse. */
function isObjectVariable(schema: GraphQLSchema, definition: VariableDefinitionNode): boolean {
  return isInputObjectType(getNamedType(typeFromAST(schema, definition.type)));
}

/**
 * Variables as graphql-js checks them (a wrong or missing one is BAD_USER_INPUT, HTTP 400, as Apollo
 * answers it on its own path). Scalars and enums go to graphql-jit as sent, with the defaults filled
 * in (it refuses a non-null variable that has one); input objects as graphql-js coerced them.
 */
function variablesFor(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown>): { values?: Record<string, unknown>; coerced?: Record<string, unknown>; errors?: GraphQLError[] } {
  const definitions = operation.variableDefinitions ?? [];
  const checked = getVariableValues(schema, definitions, given, { maxErrors: 50 });
  if (checked.errors) {
    return { errors: checked.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError, extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } })) };
  }
  const values = { ...given };
  for (const d of definitions) {
    const name = d.variable.name.value;
    if (isObjectVariable(schema, d)) values[name] = checked.coerced[name];
    else if (d.defaultValue && !(name in values)) values[name] = valueFromASTUntyped(d.defaultValue);
  }
  return { values, coerced: checked.coerced };
}

/**
 * graphql-jit generates a parser for each input object variable, inlining nested input types with
 * no guard for recursion: a variable of a filter type (`and`/`or`/`not` hold filters) never finishes
 * compiling and exhausts the heap. Those variables are coerced by graphql-js (variablesFor), so the
 * compiled operation declares each of them as this scalar, which takes the coerced value as it is.
 * Operations that read the schema (__schema, __type) are interpreted, so it is never seen.
 */
const COERCED_VARIABLE = new GraphQLScalarType({
  name: 'CoercedVariable',
  description: 'Internal to compiled execution: an input object variable graphql-js has already coerced.',
  parseValue: (value) => value,
  serialize: (value) => value,
});

function withCoercedVariables(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const coerced = { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: COERCED_VARIABLE.name } } as const;
  return {
    ...document,
    definitions: document.definitions.map((d) => d.kind !== Kind.OPERATION_DEFINITION ? d : {
      ...d,
      variableDefinitions: d.variableDefinitions?.map((v) => isObjectVariable(schema, v) ? { ...v, type: coerced, defaultValue: undefined } : v),
    }),
  };
}

/** The schema operations are compiled against: the served one plus the coerced-variable scalar. */
function compilationSchema(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, types: [...config.types, COERCED_VARIABLE] });
}

/** graphql-jit's errors as graphql-js builds them (Apollo's error handling expects those). */
function asGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((e) => {
    const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
    return Object.assign(error, { locations: e.locations });
  });
  return { ...result, errors };
}

export function compiledExecutor(schema: GraphQLSchema, operations = new CompiledOperations(), jsonPages?: JsonPages): GatewayExecutor {
  const base = compilationSchema(schema);
  const compileAgainst = jsonPages ? jsonPages.compilationSchema(base) : base;
  // Pages whose nodes PostgreSQL can write as JSON are asked for that way (json-pages.ts), with the child lists inside them.
  const childLists = new WeakMap<CompiledQuery, JsonChildren[]>();
  const prepare = (document: DocumentNode) => {
    const coerced = withCoercedVariables(schema, document);
    return jsonPages ? jsonPages.rewrite(coerced) : { document: coerced, childLists: [] };
  };
  return async (request) => {
    const variables = variablesFor(schema, request.operation, request.request.variables ?? {});
    if (variables.errors) return { errors: variables.errors };
    const query = readsSchema(request.operation, request.document) ? undefined : operations.get(`${request.queryHash}:${request.operationName ?? ''}`, () => ({
      selections: expandedSelections(request.operation, request.document, COMPILE_POLICY.maxSelections),
      query: () => {
        // A valid operation graphql-jit cannot compile is graphql-jit's limit, not the client's error: it is interpreted.
        const prepared = prepare(request.document);
        const result = compileQuery(compileAgainst, prepared.document, request.operationName ?? undefined);
        if (!isCompiledQuery(result)) return undefined;
        if (prepared.childLists.length) childLists.set(result, prepared.childLists);
        return result;
      },
    }));
    const context = request.context as Context;
    const lists = query && childLists.get(query);
    // Child lists inside JSON pages take this request's arguments; if one would fail, graphql-js reports it where it belongs.
    if (lists) context.execution.childArgs = bindChildLists(lists, variables.coerced!, context);
    const compiled = lists && !context.execution.childArgs ? undefined : query;
    context.execution.mode = compiled ? 'compiled' : 'interpreted';
    if (!compiled) return execute({ schema, document: request.document, operationName: request.operationName, contextValue: context, variableValues: request.request.variables ?? {} });
    return asGraphqlJsErrors(await compiled.query(undefined, context, variables.values));
  };
}

/**
 * graphql-jit reads a field without a resolver as a plain property and does not await it, where
 * graphql-js awaits whatever the property holds. Two kinds of properties hold promises: a
 * connection's `totalCount` (counted only when asked for) and a stats group's navigable keys
 * (`agency`, `township`…, loaded in one batch). They get an explicit resolver, which is awaited.
 */
export function awaitPromisedProperties(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const connection = isConnectionType(type);
    const group = type.name.endsWith('Group');
    if (!connection && !group) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve) continue;
      const name = field.name;
      if ((connection && name === 'totalCount') || (group && isObjectType(getNamedType(field.type)))) field.resolve = (source) => source[name];
    }
  }
  return schema;
}

/**
 * type-graphql wraps an interface's resolveType in an async function; graphql-jit uses what
 * resolveType returns as it is (a promise has no type name: "must resolve to an Object type").
 * Node, the schema's one abstract type, gets its synchronous resolver back; another abstract type
 * is refused at start-up rather than failing at its first request.
 */
export function synchronousTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isAbstractType(type) || type.name.startsWith('__')) continue;
    if (type.name !== 'Node') throw new Error(`compiled execution: abstract type ${type.name} needs a synchronous resolveType (see synchronousTypeResolvers)`);
    type.resolveType = nodeTypeName;
  }
  return schema;
}

/** The gateway Apollo is given instead of a schema: a fixed schema, executed compiled; with `metadata`, pages are written as JSON where they can be. */
export function compiledGateway(schema: GraphQLSchema, metadata?: MetadataStorage): GatewayInterface {
  installGatewayRequestContext();
  awaitPromisedProperties(schema);
  synchronousTypeResolvers(schema);
  let announce: ((s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => {
        announce = undefined;
      };
    },
    async load() {
      announce?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor: compiledExecutor(schema, new CompiledOperations(), metadata ? new JsonPages(schema, metadata) : undefined) };
    },
    async stop() {},
  };
}
