/**
 * Stops an operation that the cost estimate let through but that grows too large or runs too
 * long. Every connection field, before it loads, promises what its selection will hold (its
 * estimated cost, by the rules of query-cost.ts but with the real fan-out: one promise per parent
 * actually reached) at PROMISED_VALUE_BYTES a value: batched loads fetch whole levels at once, so
 * the budget must trip before the rows arrive. The same check looks at the deadline (and a timer
 * covers time spent waiting). Past either, the request's remaining SQL is refused (no more rows in
 * memory; the fields that needed it fail), what is already in memory completes uncounted, and the
 * response becomes one coded error, RESPONSE_TOO_LARGE or EXECUTION_TIMEOUT, instead of partial
 * data and thousands of field errors. The finished response is measured once more, exactly, before
 * it is sent. Only connection fields are wrapped (not every field, as a willResolveField hook would
 * have Apollo do), so leaves stay plain property reads, also under compiled execution.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { defaultFieldResolver, getNamedType, isObjectType, type FieldNode, type GraphQLSchema } from 'graphql';
import type { QueryLimits } from '../config';
import type { Context } from '../context';
import { ErrorCode, ExecutionLimitError } from '../errors';
import { fieldCost, isConnectionType } from './query-cost';
import { jsonBytes } from '../common/json-body';
import { jsonBytesAtMost } from './json-size';
import { asWritten } from './json-pages';

export interface ResponseBudget extends Pick<QueryLimits, 'maxResponseBytes' | 'executionTimeoutMs'> {
  defaultPageSize: number;
  defaultGroupPageSize: number;
}

/**
 * Bytes counted per promised value: below a typical value's JSON (20-30 bytes), as the promises of
 * nested connections overlap (the outer one already counted the inner ones' estimate).
 */
export const PROMISED_VALUE_BYTES = 16;

interface BudgetState {
  budget: ResponseBudget;
  promised: number;
  /** The estimated cost of each connection field of the document, computed once per request. */
  promises: Map<FieldNode, number>;
  deadline: number;
  stopped?: ExecutionLimitError;
}

/** Each executing request's budget, found from its context by the wrapped connection fields. */
const states = new WeakMap<object, BudgetState>();

function stop(ctx: Context, state: BudgetState, error: ExecutionLimitError): void {
  state.stopped ??= error;
  ctx.db.stop(state.stopped);
}

function tooLarge(budget: ResponseBudget): ExecutionLimitError {
  return new ExecutionLimitError(ErrorCode.RESPONSE_TOO_LARGE,
    `The response grew past ${budget.maxResponseBytes} bytes (MAX_RESPONSE_BYTES) and was stopped; ask for smaller pages or fewer fields.`,
    { maxResponseBytes: budget.maxResponseBytes });
}

function timeout(budget: ResponseBudget): ExecutionLimitError {
  return new ExecutionLimitError(ErrorCode.EXECUTION_TIMEOUT,
    `The operation ran longer than ${budget.executionTimeoutMs} ms (EXECUTION_TIMEOUT_MS) and was stopped; narrow the request.`,
    { executionTimeoutMs: budget.executionTimeoutMs });
}

const wrapped = Symbol('connection fields budgeted');

/**
 * Wraps the resolver of every field that returns a connection: before it loads, its promise is
 * counted and the deadline looked at. Never throws: a synchronous throw inside a list of non-null
 * items makes graphql-js abandon the promises of the items before it, whose later rejections would
 * be unhandled; the refused statements fail asynchronously instead.
 */
export function budgetConnectionFields(schema: GraphQLSchema): GraphQLSchema {
  const marked = schema as GraphQLSchema & { [wrapped]?: true };
  if (marked[wrapped]) return schema;
  marked[wrapped] = true;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isConnectionType(getNamedType(field.type))) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, ctx: Context, info) => {
        const state = states.get(ctx);
        if (state && !state.stopped) {
          if (Date.now() > state.deadline) {
            stop(ctx, state, timeout(state.budget));
          } else {
            let cost = state.promises.get(info.fieldNodes[0]);
            if (cost === undefined) state.promises.set(info.fieldNodes[0], (cost = fieldCost({ schema: info.schema, parentType: info.parentType, fragments: info.fragments, variableValues: info.variableValues, fieldNodes: info.fieldNodes.map(asWritten) }, state.budget)));
            state.promised += cost * PROMISED_VALUE_BYTES;
            if (state.promised > state.budget.maxResponseBytes) stop(ctx, state, tooLarge(state.budget));
          }
        }
        return resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}

export function responseBudgetPlugin(budget: ResponseBudget): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let state: BudgetState | undefined;
      let timer: NodeJS.Timeout | undefined;
      return {
        async executionDidStart({ contextValue }) {
          const current: BudgetState = { budget, promised: 0, promises: new Map(), deadline: Date.now() + budget.executionTimeoutMs };
          state = current;
          states.set(contextValue, current);
          // Also while no field resolves (waiting for the heavy lane or a statement): what is still to be sent is refused.
          timer = setTimeout(() => stop(contextValue, current, timeout(budget)), budget.executionTimeoutMs);
          timer.unref();
          return {
            async executionDidEnd() {
              clearTimeout(timer);
            },
          };
        },
        async willSendResponse({ response }) {
          clearTimeout(timer);
          if (!state || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // The exact size of what is about to be sent (leaves included), once.
          // A bound first: a response well under the limit (nearly all) is not serialised twice.
          if (!state.stopped && result.data && jsonBytesAtMost(result.data, budget.maxResponseBytes) > budget.maxResponseBytes
            && jsonBytes(result.data).length > budget.maxResponseBytes) state.stopped = tooLarge(budget);
          const stopped = state.stopped;
          if (!stopped) return;
          // Keep the one formatted error of the limit (the error formatter already ran), drop the rest and the data.
          const first = result.errors?.find((e) => e.extensions?.code === stopped.code);
          const { path: _p, locations: _l, ...error } = first ?? { message: stopped.message, extensions: { ...stopped.extensions, code: stopped.code } };
          response.body.singleResult = { data: null, errors: [error], ...(result.extensions ? { extensions: result.extensions } : {}) };
        },
      };
    },
  };
}
