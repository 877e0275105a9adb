/**
 * Stops an operation that the cost estimate let through but that grows too large or runs too
 * long. While executing, every resolved field adds its approximate JSON size (key, punctuation,
 * scalar value as its parent holds it) to the response budget, and every connection field, before
 * it loads, promises what its selection will hold (its estimated cost, by the rules of query-cost.ts
 * but with the real fan-out: one promise per parent actually reached) at PROMISED_VALUE_BYTES a
 * value: batched loads fetch whole levels at once, so the budget must trip before the rows arrive.
 * Each field is also checked against the deadline (and a timer covers time spent waiting). Past either, the request's remaining SQL is
 * refused (no more rows in memory; the fields that needed it fail), what is already in memory
 * completes uncounted, and the response becomes one coded error, RESPONSE_TOO_LARGE or
 * EXECUTION_TIMEOUT, instead of partial data and thousands of field errors.
 * Introspection fields are not counted (Apollo does not instrument them; query-cost.ts bounds them).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, isLeafType, type FieldNode, type GraphQLOutputType } from 'graphql';
import type { QueryLimits } from '../config';
import type { Context } from '../context';
import { ErrorCode, ExecutionLimitError } from '../errors';
import { fieldCost, isConnectionType } from './query-cost';

export interface ResponseBudget extends Pick<QueryLimits, 'maxResponseBytes' | 'executionTimeoutMs'> {
  defaultPageSize: number;
  defaultGroupPageSize: number;
}

/** JSON punctuation around a key: quotes, colon, comma. */
const KEY_OVERHEAD = 4;
/** A number, boolean or null as JSON, roughly. */
const SCALAR_BYTES = 8;
/**
 * Bytes counted per promised value: below a typical value's JSON (20-30 bytes), as the promises of
 * nested connections overlap (the outer one already counted the inner ones' estimate).
 */
export const PROMISED_VALUE_BYTES = 16;

/** A global ID as sent (base64 of "Type:key"); the parent often holds only the key. */
const ID_BYTES = 32;
/** Fields resolved between two looks at the clock (the deadline timer covers idle time). */
const CLOCK_EVERY = 64;

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v) + 1, 2);
  return SCALAR_BYTES;
}

/** The value as the parent holds it, if it is a plain property: a getter may start work (a count query) nobody awaits. */
function leafBytes(source: unknown, field: string): number {
  if (source === null || typeof source !== 'object') return SCALAR_BYTES;
  const own = Object.getOwnPropertyDescriptor(source, field);
  return own && 'value' in own ? valueBytes(own.value) : SCALAR_BYTES;
}

interface FieldKind {
  leaf: boolean;
  id: boolean;
  connection: boolean;
}

/** What a return type is, computed once per type (this runs for every field of every response). */
const kinds = new WeakMap<GraphQLOutputType, FieldKind>();

function kindOf(type: GraphQLOutputType): FieldKind {
  let kind = kinds.get(type);
  if (!kind) {
    const named = getNamedType(type);
    kind = { leaf: isLeafType(named), id: named.name === 'ID', connection: isConnectionType(named) };
    kinds.set(type, kind);
  }
  return kind;
}

export function responseBudgetPlugin(budget: ResponseBudget): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let bytes = 0;
      let promised = 0;
      let fields = 0;
      /** The estimated cost of each connection field of the document, computed once per request. */
      const promises = new Map<FieldNode, number>();
      let deadline = Infinity;
      let stopped: ExecutionLimitError | undefined;
      // Never thrown from willResolveField: a synchronous throw inside a list of non-null items makes
      // graphql-js abandon the promises of the items before it, whose later rejections would be
      // unhandled (and take the process down). The refused statements fail asynchronously instead.
      const stop = (ctx: Context, error: ExecutionLimitError): void => {
        stopped ??= error;
        ctx.db.stop(stopped);
      };
      const tooLarge = () => new ExecutionLimitError(ErrorCode.RESPONSE_TOO_LARGE,
        `The response grew past ${budget.maxResponseBytes} bytes (MAX_RESPONSE_BYTES) and was stopped; ask for smaller pages or fewer fields.`,
        { maxResponseBytes: budget.maxResponseBytes });
      let timer: NodeJS.Timeout | undefined;
      const timeout = () => new ExecutionLimitError(ErrorCode.EXECUTION_TIMEOUT,
        `The operation ran longer than ${budget.executionTimeoutMs} ms (EXECUTION_TIMEOUT_MS) and was stopped; narrow the request.`,
        { executionTimeoutMs: budget.executionTimeoutMs });
      return {
        async executionDidStart({ contextValue }) {
          deadline = Date.now() + budget.executionTimeoutMs;
          // Also while no field resolves (waiting for the heavy lane or a statement): what is still to be sent is refused.
          timer = setTimeout(() => stop(contextValue, timeout()), budget.executionTimeoutMs);
          timer.unref();
          return {
            async executionDidEnd() {
              clearTimeout(timer);
            },
            willResolveField({ source, info, contextValue }) {
              if (stopped) return undefined;
              if (++fields % CLOCK_EVERY === 0 && Date.now() > deadline) return stop(contextValue, timeout());
              bytes += String(info.path.key).length + KEY_OVERHEAD;
              const kind = kindOf(info.returnType);
              if (kind.connection) {
                let cost = promises.get(info.fieldNodes[0]);
                if (cost === undefined) promises.set(info.fieldNodes[0], (cost = fieldCost(info, budget)));
                promised += cost * PROMISED_VALUE_BYTES;
              } else if (kind.leaf) {
                // The value as the parent holds it (most leaves are plain properties): no callback per field.
                bytes += kind.id ? ID_BYTES : leafBytes(source, info.fieldName);
              }
              if (bytes > budget.maxResponseBytes || promised > budget.maxResponseBytes) stop(contextValue, tooLarge());
              return undefined;
            },
          };
        },
        async willSendResponse({ response }) {
          clearTimeout(timer);
          if (!stopped || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // Keep the one formatted error of the limit (the error formatter already ran), drop the rest and the data.
          const first = result.errors?.find((e) => e.extensions?.code === stopped!.code);
          const { path: _p, locations: _l, ...error } = first ?? { message: stopped.message, extensions: { ...stopped.extensions, code: stopped.code } };
          response.body.singleResult = { data: null, errors: [error], ...(result.extensions ? { extensions: result.extensions } : {}) };
        },
      };
    },
  };
}
