/**
 * Compiled execution (graphql-jit) behind Apollo Server. Apollo 5 has no executor option; its
 * gateway interface is the supported way to bring one: `load()` hands Apollo the schema and an
 * executor, and Apollo keeps parsing, validation, plugins and error formatting. Each operation is
 * compiled once and kept (by Apollo's query hash and operation name) in a bounded map.
 * Results are the same as graphql-js's (test/executor-conformance.test.ts); what it saves is
 * graphql-js's per-field work (argument objects, paths, result maps) on every one of thousands
 * of fields. Opt-in (EXECUTOR=compiled): the hostile corpus holds a request that passes the
 * limits but whose compilation exhausts the heap (fragments are inlined wherever they are spread).
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, getNamedType, isAbstractType, isObjectType, printSchema, valueFromASTUntyped, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { nodeTypeName } from '../common/node';
import { ErrorCode } from '../errors';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { isConnectionType } from './query-cost';

/** Distinct operations kept compiled; the least recently used goes first. */
const MAX_COMPILED = 500;

/**
 * Variables as graphql-js reads them: checked (a wrong or missing one is BAD_USER_INPUT, HTTP 400,
 * as Apollo answers it on its own path) and with the defaults filled in, which graphql-jit refuses
 * for a non-null variable that has one.
 */
function variablesFor(schema: GraphQLSchema, operation: OperationDefinitionNode, given: Record<string, unknown>): { values?: Record<string, unknown>; errors?: GraphQLError[] } {
  const definitions = operation.variableDefinitions ?? [];
  const checked = getVariableValues(schema, definitions, given, { maxErrors: 50 });
  if (checked.errors) {
    return { errors: checked.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, originalError: e.originalError, extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } })) };
  }
  const values = { ...given };
  for (const d of definitions) if (d.defaultValue && !(d.variable.name.value in values)) values[d.variable.name.value] = valueFromASTUntyped(d.defaultValue);
  return { values };
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

export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new Map<string, CompiledQuery>();
  return async (request) => {
    const variables = variablesFor(schema, request.operation, request.request.variables ?? {});
    if (variables.errors) return { errors: variables.errors };
    const key = `${request.queryHash}:${request.operationName ?? ''}`;
    let query = compiled.get(key);
    if (query) {
      compiled.delete(key);
    } else {
      const result = compileQuery(schema, request.document, request.operationName ?? undefined);
      if (!isCompiledQuery(result)) return { errors: result.errors ?? [new GraphQLError('The operation could not be compiled.')] };
      query = result;
    }
    compiled.set(key, query);
    if (compiled.size > MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    return asGraphqlJsErrors(await query.query(undefined, request.context, variables.values));
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

/** The gateway Apollo is given instead of a schema: a fixed schema, executed compiled. */
export function compiledGateway(schema: GraphQLSchema): GatewayInterface {
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
      return { executor: compiledExecutor(schema) };
    },
    async stop() {},
  };
}
