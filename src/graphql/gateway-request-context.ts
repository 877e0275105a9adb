/**
 * The request context Apollo Server hands a gateway's executor (our compiled executor,
 * jit-executor.ts), built without accessors of its own.
 *
 * Apollo builds it in `makeGatewayGraphQLRequestContext`, where `response.http` is an object literal
 * with its own `status` getter and setter, closures over the whole request (its context,
 * EntityManager, rows). V8 keeps an object's own accessors, and so what their closures hold, alive
 * through every scavenge until the next mark-compact: each request outlived the next scavenge, was
 * promoted and died in the old generation. Keyed `{ __typename }` requests left 1.1 MB alive per
 * scavenge, 130 KB with this (bench/README.md, eighth round).
 *
 * requestPipeline.js reads the function from Apollo's module at each call, so this replaces it
 * there (installGatewayRequestContext) with one that builds the same fields from classes.
 */
import path from 'node:path';
import type { HeaderMap } from '@apollo/server';

/** Apollo's module, found beside its entry point (its package exports do not list it). */
const APOLLO_MODULE = path.join(path.dirname(require.resolve('@apollo/server')), 'utils', 'makeGatewayGraphQLRequestContext.js');

interface ApolloRequestContext {
  request: { query?: string; operationName?: string; variables?: unknown; extensions?: unknown; http?: { method: string; headers: HeaderMap; search: string } };
  response: { http: { headers: HeaderMap; status?: number } };
  [field: string]: unknown;
}

type Builder = (requestContext: ApolloRequestContext, server: { logger: unknown; cache: unknown }, internals: { includeStacktraceInErrorResponses: boolean }) => Record<string, unknown>;

/** The Fetch API's Headers over Apollo's HeaderMap, as Apollo's own adapter reads and writes it. */
class HeadersOfMap {
  constructor(private readonly map: HeaderMap) {}

  append(name: string, value: string): void {
    this.map.set(name, this.map.has(name) ? `${this.map.get(name)}, ${value}` : value);
  }
  delete(name: string): void {
    this.map.delete(name);
  }
  get(name: string): string | null {
    return this.map.get(name) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name);
  }
  set(name: string, value: string): void {
    this.map.set(name, value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** `response.http`: its status read from and written to the request's own response, through the class's accessors. */
class ResponseHttp {
  readonly headers: HeadersOfMap;

  constructor(private readonly response: ApolloRequestContext['response']) {
    this.headers = new HeadersOfMap(response.http.headers);
  }

  get status(): number | undefined {
    return this.response.http.status;
  }

  set status(status: number | undefined) {
    this.response.http.status = status;
  }
}

/** The same fields as Apollo's makeGatewayGraphQLRequestContext (Apollo Server 5), in the same order. */
export const gatewayRequestContext: Builder = (ctx, server, internals) => {
  const request: Record<string, unknown> = {};
  if ('query' in ctx.request) request.query = ctx.request.query;
  if ('operationName' in ctx.request) request.operationName = ctx.request.operationName;
  if ('variables' in ctx.request) request.variables = ctx.request.variables;
  if ('extensions' in ctx.request) request.extensions = ctx.request.extensions;
  const http = ctx.request.http;
  if (http) {
    const question = http.search !== '' && !http.search.startsWith('?');
    request.http = { method: http.method, url: `https://unknown-url.invalid/${question ? '?' : ''}${http.search}`, headers: new HeadersOfMap(http.headers) };
  }
  return {
    request,
    response: { http: new ResponseHttp(ctx.response) },
    logger: server.logger,
    schema: ctx.schema,
    schemaHash: 'schemaHash no longer exists since Apollo Server 4',
    context: ctx.contextValue,
    cache: server.cache,
    queryHash: ctx.queryHash,
    document: ctx.document,
    source: ctx.source,
    operationName: ctx.operationName,
    operation: ctx.operation,
    errors: ctx.errors,
    metrics: ctx.metrics,
    debug: internals.includeStacktraceInErrorResponses,
    overallCachePolicy: ctx.overallCachePolicy,
    requestIsBatched: ctx.requestIsBatched,
  };
};

const apollo = require(APOLLO_MODULE) as { makeGatewayGraphQLRequestContext: Builder };
/** Apollo's own function, kept for the test that compares the two. */
export const apolloGatewayRequestContext: Builder = apollo.makeGatewayGraphQLRequestContext;

/** Puts gatewayRequestContext in Apollo's place; an Apollo without the function fails here, at start-up. */
export function installGatewayRequestContext(): void {
  if (typeof apolloGatewayRequestContext !== 'function' || apolloGatewayRequestContext.length !== 3) {
    throw new Error(`${APOLLO_MODULE} no longer has makeGatewayGraphQLRequestContext(requestContext, server, internals): see src/graphql/gateway-request-context.ts`);
  }
  apollo.makeGatewayGraphQLRequestContext = gatewayRequestContext;
}
