/**
 * Stops an operation that the cost estimate let through but that grows too large or runs too
 * long: while executing, every resolved field adds its approximate JSON size (key, punctuation,
 * scalar value) to a budget, and is checked against a deadline. Past either, every field still to
 * resolve fails at once (no more SQL, no more rows in memory) and the response becomes one coded
 * error, RESPONSE_TOO_LARGE or EXECUTION_TIMEOUT, instead of partial data and thousands of field
 * errors. Introspection fields are not counted (Apollo does not instrument them; they are small).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, isLeafType } from 'graphql';
import { ErrorCode, ExecutionLimitError } from '../errors';

export interface ResponseBudget {
  maxResponseBytes: number;
  executionTimeoutMs: number;
}

/** JSON punctuation around a key: quotes, colon, comma. */
const KEY_OVERHEAD = 4;
/** A number, boolean or null as JSON, roughly. */
const SCALAR_BYTES = 8;

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + valueBytes(v) + 1, 2);
  return SCALAR_BYTES;
}

export function responseBudgetPlugin(budget: ResponseBudget): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let bytes = 0;
      let deadline = Infinity;
      let stopped: ExecutionLimitError | undefined;
      const stop = (error: ExecutionLimitError) => {
        stopped ??= error;
        throw stopped;
      };
      const count = (n: number) => {
        bytes += n;
        if (bytes > budget.maxResponseBytes && !stopped) {
          stopped = new ExecutionLimitError(ErrorCode.RESPONSE_TOO_LARGE,
            `The response grew past ${budget.maxResponseBytes} bytes (MAX_RESPONSE_BYTES) and was stopped; ask for smaller pages or fewer fields.`,
            { maxResponseBytes: budget.maxResponseBytes });
        }
      };
      return {
        async executionDidStart() {
          deadline = Date.now() + budget.executionTimeoutMs;
          return {
            willResolveField({ info }) {
              if (stopped) throw stopped;
              if (Date.now() > deadline) {
                stop(new ExecutionLimitError(ErrorCode.EXECUTION_TIMEOUT,
                  `The operation ran longer than ${budget.executionTimeoutMs} ms (EXECUTION_TIMEOUT_MS) and was stopped; narrow the request.`,
                  { executionTimeoutMs: budget.executionTimeoutMs }));
              }
              count(String(info.path.key).length + KEY_OVERHEAD);
              if (stopped) throw stopped;
              if (!isLeafType(getNamedType(info.returnType))) return undefined;
              return (error, result) => {
                if (!error) count(valueBytes(result));
              };
            },
          };
        },
        async willSendResponse({ response }) {
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
