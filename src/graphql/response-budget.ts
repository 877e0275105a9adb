/**
 * Stops an operation that the cost estimate let through but that grows too large or runs too
 * long. While executing, every resolved field adds its approximate JSON size (key, punctuation,
 * scalar value) to the response budget, and every connection field, before it loads, promises its
 * page of items at PROMISED_ITEM_BYTES each: batched loads fetch whole levels at once, so the
 * budget must trip before the rows arrive, not after. Each field is also checked against the
 * deadline. Past either, the request's remaining SQL is refused (no more rows in memory), every
 * field still to resolve fails at once, and the response becomes one coded error,
 * RESPONSE_TOO_LARGE or EXECUTION_TIMEOUT, instead of partial data and thousands of field errors.
 * Introspection fields are not counted (Apollo does not instrument them; query-cost.ts bounds them).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, isLeafType } from 'graphql';
import type { QueryLimits } from '../config';
import type { Context } from '../context';
import { ErrorCode, ExecutionLimitError } from '../errors';
import { isConnectionType, pageSize } from './query-cost';

export interface ResponseBudget extends Pick<QueryLimits, 'maxResponseBytes' | 'executionTimeoutMs'> {
  defaultPageSize: number;
  defaultGroupPageSize: number;
}

/** JSON punctuation around a key: quotes, colon, comma. */
const KEY_OVERHEAD = 4;
/** A number, boolean or null as JSON, roughly. */
const SCALAR_BYTES = 8;
/** The least a promised item of a page will take: an object with one id, e.g. {"id":"RW5mb3JjZW1lbnRDYXNlOjE"}. */
export const PROMISED_ITEM_BYTES = 40;

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v) + 1, 2);
  return SCALAR_BYTES;
}

export function responseBudgetPlugin(budget: ResponseBudget): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let bytes = 0;
      let promised = 0;
      let deadline = Infinity;
      let stopped: ExecutionLimitError | undefined;
      const stop = (ctx: Context, error: ExecutionLimitError): never => {
        stopped ??= error;
        ctx.db.stop(stopped);
        throw stopped;
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
          timer = setTimeout(() => {
            stopped ??= timeout();
            contextValue.db.stop(stopped);
          }, budget.executionTimeoutMs);
          timer.unref();
          return {
            async executionDidEnd() {
              clearTimeout(timer);
            },
            willResolveField({ info, args, contextValue }) {
              if (stopped) throw stopped;
              if (Date.now() > deadline) stop(contextValue, timeout());
              bytes += String(info.path.key).length + KEY_OVERHEAD;
              const named = getNamedType(info.returnType);
              if (isConnectionType(named)) {
                const def = info.parentType.getFields()[info.fieldName];
                promised += pageSize(args, def, budget) * PROMISED_ITEM_BYTES;
              }
              if (bytes > budget.maxResponseBytes || promised > budget.maxResponseBytes) stop(contextValue, tooLarge());
              if (!isLeafType(named)) return undefined;
              return (error, result) => {
                if (error) return;
                bytes += valueBytes(result);
                // Later fields see it and fail; the statements still to come are refused.
                if (bytes > budget.maxResponseBytes && !stopped) {
                  stopped = tooLarge();
                  contextValue.db.stop(stopped);
                }
              };
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
