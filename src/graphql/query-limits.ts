/**
 * Limits on what one operation may ask for, checked after validation and before execution:
 * depth, aliases, directives, and a cost that multiplies by page sizes (first/last, ids).
 * Token count and document size are limited earlier (parser and HTTP layer).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError, Kind, valueFromASTUntyped,
  type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import type { QueryLimits } from '../config';
import { ErrorCode } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../query/connection';

/** Lists without a page argument are small (members, revisions, cities): assume this many items. */
const UNPAGED_LIST = 10;

interface Tally {
  depth: number;
  aliases: number;
  directives: number;
}

function tooComplex(message: string, limit: string, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, ...extra, http: { status: 400 } } });
}

function argValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  return valueFromASTUntyped(node, variables);
}

export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  limits: QueryLimits,
  groupPageSize: number,
): { depth: number; cost: number; aliases: number; directives: number } {
  const tally: Tally = { depth: 0, aliases: 0, directives: operation.directives?.length ?? 0 };

  // Cost of a selection set at a depth; fragments are followed (cycles were rejected by validation,
  // and the depth limit stops pathological nesting anyway).
  const walk = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set) return 0;
    if (depth > tally.depth) tally.depth = depth;
    if (depth > limits.maxDepth) return 0;
    let cost = 0;
    for (const sel of set.selections) {
      tally.directives += sel.directives?.length ?? 0;
      if (sel.kind === Kind.FIELD) {
        if (sel.alias) tally.aliases += 1;
        const args = Object.fromEntries((sel.arguments ?? []).map((a) => [a.name.value, argValue(a.value, variables)]));
        let multiplier = 1;
        if (typeof args.first === 'number' || typeof args.last === 'number') multiplier = Math.max(0, Number(args.first ?? args.last));
        else if (Array.isArray(args.ids)) multiplier = args.ids.length;
        else if (sel.selectionSet && /Stats$/.test(sel.name.value)) multiplier = groupPageSize;
        else if (sel.selectionSet && ('filter' in args || 'orderBy' in args || 'after' in args || ['agencies', 'townships', 'enforcementCases', 'items', 'meetings', 'figures', 'reports', 'indicators'].includes(sel.name.value))) multiplier = DEFAULT_PAGE_SIZE;
        else if (sel.selectionSet && ['members', 'revisions', 'cities', 'counties', 'rows', 'cells', 'reconciliation'].includes(sel.name.value)) multiplier = UNPAGED_LIST;
        cost += 1 + multiplier * walk(sel.selectionSet, depth + 1, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(sel.selectionSet, depth, seen);
      } else {
        const name = sel.name.value;
        if (seen.has(name)) continue;
        const next = new Set(seen).add(name);
        cost += walk(fragments[name]?.selectionSet, depth, next);
      }
    }
    return cost;
  };
  const cost = walk(operation.selectionSet, 1, new Set());
  return { depth: tally.depth, cost, aliases: tally.aliases, directives: tally.directives };
}

/** PostgreSQL text cannot hold NUL; refuse it at the door instead of letting it reach the driver. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
}

export function queryLimitsPlugin(limits: QueryLimits, groupPageSize: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          if (containsNul(request.variables) || (request.query ?? '').includes('\\u0000') || (request.query ?? '').includes('\u0000')) {
            throw new GraphQLError('Strings may not contain NUL characters (\\u0000).', { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
          }
          const fragments = Object.fromEntries(document.definitions
            .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
            .map((d) => [d.name.value, d]));
          const m = measureOperation(operation, fragments, request.variables ?? {}, limits, groupPageSize);
          if (m.depth > limits.maxDepth) throw tooComplex(`The operation is nested ${m.depth > limits.maxDepth + 1 ? 'more than ' : ''}${Math.min(m.depth, limits.maxDepth + 1)} levels deep; the limit is ${limits.maxDepth}.`, 'depth', { maxDepth: limits.maxDepth });
          if (m.aliases > limits.maxAliases) throw tooComplex(`The operation uses ${m.aliases} aliases; the limit is ${limits.maxAliases}.`, 'aliases', { maxAliases: limits.maxAliases });
          if (m.directives > limits.maxDirectives) throw tooComplex(`The operation uses ${m.directives} directives; the limit is ${limits.maxDirectives}.`, 'directives', { maxDirectives: limits.maxDirectives });
          if (m.cost > limits.maxCost) throw tooComplex(`The operation could return about ${m.cost} values (page sizes multiply); the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`, 'cost', { cost: m.cost, maxCost: limits.maxCost });
        },
      };
    },
  };
}
