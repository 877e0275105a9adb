/**
 * Compiled execution (graphql-jit) behind Apollo Server. Apollo 5 has no executor option; its
 * gateway interface is the supported way to bring one: `load()` hands Apollo the schema and an
 * executor, and Apollo keeps parsing, validation, plugins and error formatting. Each operation is
 * compiled once and kept (by Apollo's query hash and operation name) in a bounded map.
 * Results are the same as graphql-js's (test/executor-conformance.test.ts); what it saves is
 * graphql-js's per-field work (argument objects, paths, result maps) on every one of thousands
 * of fields.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError, getNamedType, isObjectType, printSchema, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { isConnectionType } from './query-cost';

/** Distinct operations kept compiled; the least recently used goes first. */
const MAX_COMPILED = 500;

export function compiledExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new Map<string, CompiledQuery>();
  return async (request) => {
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
    return query.query(undefined, request.context, request.request.variables ?? {});
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

/** The gateway Apollo is given instead of a schema: a fixed schema, executed compiled. */
export function compiledGateway(schema: GraphQLSchema): GatewayInterface {
  awaitPromisedProperties(schema);
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
