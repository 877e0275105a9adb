/**
 * Limits on what one operation may ask for, checked after validation and before execution:
 * depth, aliases, directives, and a cost estimated from the schema (query-cost.ts). An operation
 * whose cost makes it heavy must then be admitted by the heavy-operation gate, and its SQL runs
 * in the gate's lane. Token count and document size are limited earlier (parser and HTTP layer);
 * response size and run time later (response-budget.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { HeavyLimits, QueryLimits } from '../config';
import type { Context } from '../context';
import { ErrorCode } from '../errors';
import { keepRecent, useRecent } from '../common/recent-entries';
import { DEFAULT_PAGE_SIZE } from '../query/connection';
import type { HeavyGate } from './heavy-operations';
import { measureOperation, type CostOptions, type OperationMeasure } from './query-cost';

/** PostgreSQL text cannot hold NUL; refuse it at the door instead of letting it reach the driver. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

function tooComplex(message: string, limit: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, ...extra, http: { status: 400 } } });
}

/** Measures kept per operation, by its variables: the most recently used ones. */
const MEASURES_PER_OPERATION = 32;

/** Variables as a key, when they are small enough to keep (not too deep for JSON.stringify, a few kB at most). */
function variablesKey(variables: Record<string, unknown>): string | undefined {
  try {
    const key = JSON.stringify(variables);
    return key.length <= 4096 ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * measureOperation with `opts`, its answers kept by schema, operation node and variables: Apollo
 * parses a document once and hands the same nodes to each request that sends its text, and the
 * measure depends on nothing else (the walk cost 0.06-0.09 ms of a W2 request).
 */
function keptMeasures(opts: CostOptions) {
  const measured = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, Map<string, OperationMeasure>>>();
  return (schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): OperationMeasure => {
    const run = () => measureOperation(schema, operation, Object.fromEntries(document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d])), variables, opts);
    const key = variablesKey(variables);
    if (key === undefined) return run();
    let bySchema = measured.get(schema);
    if (!bySchema) measured.set(schema, (bySchema = new WeakMap()));
    let byVariables = bySchema.get(operation);
    if (!byVariables) bySchema.set(operation, (byVariables = new Map()));
    let m = useRecent(byVariables, key);
    if (!m) keepRecent(byVariables, key, (m = run()), MEASURES_PER_OPERATION);
    return m;
  };
}

/** Who a heavy operation counts against: its API key, else its client address. */
function callerOf(ctx: Context): string {
  return ctx.viewer.keyId != null ? `key:${ctx.viewer.keyId}` : `address:${ctx.clientAddress ?? 'unknown'}`;
}

export interface LimitsOptions {
  limits: QueryLimits;
  heavy: HeavyLimits;
  /** Page size of an aggregate asked for without first (MAX_PAGE_SIZE). */
  groupPageSize: number;
  gate: HeavyGate;
}

export function queryLimitsPlugin({ limits, heavy, groupPageSize, gate }: LimitsOptions): ApolloServerPlugin<Context> {
  const measure = keptMeasures({ maxDepth: limits.maxDepth, defaultPageSize: DEFAULT_PAGE_SIZE, defaultGroupPageSize: groupPageSize });
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async willSendResponse() {
          release?.();
        },
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          if (!operation) return;
          if (operation.operation === 'subscription') {
            // graphql-js would fail at execution ("Schema is not configured…"), masked as an internal error.
            throw new GraphQLError('Subscriptions are not supported: this server answers queries and mutations.', { extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } } });
          }
          if (containsNul(request.variables) || (request.query ?? '').includes('\\u0000') || (request.query ?? '').includes('\u0000')) {
            throw new GraphQLError('Strings may not contain NUL characters (\\u0000).', { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
          }
          const m = measure(schema, document, operation, request.variables ?? {});
          if (m.depth > limits.maxDepth) throw tooComplex(`The operation is nested ${m.depth > limits.maxDepth + 1 ? 'more than ' : ''}${Math.min(m.depth, limits.maxDepth + 1)} levels deep; the limit is ${limits.maxDepth}.`, 'depth', { maxDepth: limits.maxDepth });
          if (m.aliases > limits.maxAliases) throw tooComplex(`The operation uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, 'aliases', { maxAliases: limits.maxAliases });
          if (m.directives > limits.maxDirectives) throw tooComplex(`The operation uses ${m.directives} directives; the limit is ${limits.maxDirectives}.`, 'directives', { maxDirectives: limits.maxDirectives });
          if (m.cost > limits.maxCost) {
            const about = Number.isFinite(m.cost) ? `about ${m.cost}` : 'more';
            throw tooComplex(`The operation could return ${about} values (page sizes multiply; aggregates count their dimensions and measures); the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`, 'cost', { cost: Number.isFinite(m.cost) ? m.cost : null, maxCost: limits.maxCost });
          }
          // In-process callers (tests, commands) have no HTTP request and are trusted; their heavy SQL still takes the lane.
          if (m.cost < heavy.cost) return;
          if (request.http) {
            const admitted = gate.admit(callerOf(contextValue));
            if (admitted instanceof GraphQLError) throw admitted;
            release = admitted;
          }
          contextValue.db.useLane(gate.lane);
        },
      };
    },
  };
}
