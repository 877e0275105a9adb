/**
 * Limits on what one operation may ask for, checked after validation and before execution:
 * depth, aliases, directives, and a cost estimated from the schema (query-cost.ts). An operation
 * whose cost makes it heavy must then be admitted by the heavy-operation gate, and its SQL runs
 * in the gate's lane. Token count and document size are limited earlier (parser and HTTP layer);
 * response size and run time later (response-budget.ts).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type FragmentDefinitionNode } from 'graphql';
import type { HeavyLimits, QueryLimits } from '../config';
import type { Context } from '../context';
import { ErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../query/connection';
import type { HeavyGate } from './heavy-operations';
import { measureOperation } from './query-cost';

/** PostgreSQL text cannot hold NUL; refuse it at the door instead of letting it reach the driver. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

function tooComplex(message: string, limit: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, ...extra, http: { status: 400 } } });
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
          const fragments = Object.fromEntries(document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]));
          const m = measureOperation(schema, operation, fragments, request.variables ?? {}, {
            maxDepth: limits.maxDepth, defaultPageSize: DEFAULT_PAGE_SIZE, defaultGroupPageSize: groupPageSize,
          });
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
