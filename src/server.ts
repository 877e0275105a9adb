import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { createContext, type Context } from './context';
import { newStatementStats, type StatementStats } from './db/statement-counter';
import { Db } from './db/db';
import { ErrorCode, UnauthenticatedError, createErrorFormatter } from './errors';
import { HeavyGate } from './graphql/heavy-operations';
import { answerCachePlugin } from './graphql/answer-cache';
import { DataChanges } from './db/data-changes';
import { KeyCache } from './modules/auth/key-cache';
import { CountyCache } from './modules/geography/county-cache';
import { DEFAULT_PAGE_SIZE } from './query/connection';
import { queryLimitsPlugin } from './graphql/query-limits';
import { compiledGateway } from './graphql/jit-executor';
import { budgetConnectionFields, responseBudgetPlugin } from './graphql/response-budget';
import { retryAfterPlugin } from './graphql/retry-after';
import { rateLimit } from './http/rate-limit';
import { RateLimitStore } from './http/rate-limit-store';
import { corsMiddleware } from './http/cors';
import { createExpressServer } from './http/express-server';
import { csvAnswers } from './http/csv';
import { graphqlAnswerBytes, graphqlEndpoint } from './http/graphql-endpoint';
import { ReadinessProbe } from './http/readiness';
import { readRoutingPlugin } from './http/read-routing';
import { ReadReplicas } from './db/read-replicas';
import { initORM } from './db/orm';
import { authenticate } from './modules/auth/keys.service';
import { ANONYMOUS, type Viewer } from './modules/auth/viewer';
import type { Logger } from './logger';
import { readExamples } from './explorer/examples';
import { explorerRoutes } from './explorer/static';
import { dashboardRoutes } from './dashboard/static';
import { getSchema } from './schema';

export interface ServerDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  apollo: ApolloServer<Context>;
  httpServer: http.Server;
  /** Stop accepting connections, let in-flight requests finish, stop Apollo. */
  close(): Promise<void>;
}

/**
 * Adds `extensions.sqlStatements`, `readFrom` (primary or the replica) and `execution` (compiled or
 * interpreted) when the client sends `x-debug-sql: 1` (benchmarks, debugging).
 */
function statementCountPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.headers.get('x-debug-sql') !== '1') return;
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              sqlStatements: contextValue.statements.count,
              ...(contextValue.execution.mode ? { execution: contextValue.execution.mode } : {}),
              readFrom: contextValue.readFrom,
            };
          }
        },
      };
    },
  };
}

/** Heavy operations may hold at most this many pool connections (default: half the pool), so cheap requests always find one. */
function heavyConnections(deps: ServerDeps): number {
  const pool = (deps.orm.config.get('pool') as { max?: number } | undefined)?.max ?? deps.config.poolSize;
  return deps.config.heavy.connections ?? Math.max(1, Math.floor(pool / 2));
}

/**
 * `changes`: the data versions from LISTEN/NOTIFY; with them, anonymous answers of published data are cached (ANSWER_CACHE_ENTRIES).
 * `replicas`: query operations read from them (src/http/read-routing.ts).
 */
export async function createApollo(deps: ServerDeps, httpServer?: http.Server, changes?: DataChanges, replicas?: ReadReplicas): Promise<ApolloServer<Context>> {
  const { config, logger } = deps;
  const gate = new HeavyGate({ perCaller: config.heavy.perCaller, connections: heavyConnections(deps), queue: config.heavy.queue, queueWaitMs: config.heavy.queueWaitMs });
  // Connection fields count what they promise against the response budget, whichever executor runs.
  const schema = budgetConnectionFields(await getSchema());
  const apollo = new ApolloServer<Context>({
    ...(config.executor === 'compiled' ? { gateway: compiledGateway(schema, config.jsonPages ? deps.orm.getMetadata() : undefined) } : { schema }),
    introspection: config.introspection,
    // main.ts owns SIGINT/SIGTERM (drain, then the database); Apollo's own handler would re-raise the signal after stopping.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    parseOptions: { maxTokens: config.limits.maxTokens },
    stringifyResult: graphqlAnswerBytes,
    formatError: createErrorFormatter({
      exposeInternals: !config.production && config.logLevel === 'debug',
      // The request id (also in the x-request-id header), so a client can quote what the log holds.
      newErrorId: (error) => requestIdOf(error) ?? randomUUID(),
      onInternalError: (err, errorId) => logger.error({ err, requestId: errorId }, 'internal error'),
    }),
    plugins: [
      // First: the other plugins' hooks then see the Db the operation reads from.
      ...(replicas ? [readRoutingPlugin({ replicas, changes })] : []),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints are used; the plugin would otherwise wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      statementCountPlugin(),
      requestIdPlugin(),
      queryLimitsPlugin({ limits: config.limits, heavy: config.heavy, groupPageSize: config.maxPageSize, gate }),
      responseBudgetPlugin({ ...config.limits, defaultPageSize: DEFAULT_PAGE_SIZE, defaultGroupPageSize: config.maxPageSize }),
      retryAfterPlugin(),
      ...(changes && config.answerCacheEntries > 0 ? [answerCachePlugin({ entries: config.answerCacheEntries, versions: changes })] : []),
      ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : []),
    ],
  });
  await apollo.start();
  return apollo;
}

/** The viewer of a request: its API key's, anonymous without one (if allowed), else 401. */
/** The request an error was raised in, so that its error id is the request id (x-request-id, the logs). */
const REQUEST_ID = Symbol('requestId');
function requestIdOf(error: unknown): string | undefined {
  return (error as { [REQUEST_ID]?: string } | null)?.[REQUEST_ID];
}

function requestIdPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const requestId = (contextValue as Context | undefined)?.requestId;
          if (requestId) for (const error of errors) Object.defineProperty(error, REQUEST_ID, { value: requestId, configurable: true });
        },
      };
    },
  };
}

async function viewerFor(deps: ServerDeps, authorization: string | undefined, statements: StatementStats, keys?: KeyCache): Promise<Viewer> {
  const unauthenticated = (message: string) =>
    new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
  // Only a request without the header is anonymous; an empty one is malformed like any other.
  if (authorization === undefined) {
    if (deps.config.anonymousAccess === 'none') throw unauthenticated('An API key is required (Authorization: Bearer <key>).');
    return ANONYMOUS;
  }
  try {
    return await authenticate(new Db(deps.orm, false, statements), authorization, keys);
  } catch (err) {
    if (err instanceof UnauthenticatedError) throw unauthenticated(err.message);
    throw err;
  }
}

function requestError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function createApp(deps: ServerDeps, apollo: ApolloServer<Context>, readiness: ReadinessProbe, limiter: RateLimitStore, replicas?: ReadReplicas, keys?: KeyCache, counties?: CountyCache): express.Express {
  const { logger } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const problem = await readiness.problem();
    // Replicas are reported, never a reason to be unready: reads fall back to the primary.
    const replicaStatus = replicas ? { replicas: replicas.status() } : {};
    if (problem) res.status(503).json({ status: 'unavailable', reason: `database: ${problem}`, ...replicaStatus });
    else res.json({ status: 'ready', ...replicaStatus });
  });

  app.use(explorerRoutes());
  app.use(dashboardRoutes());

  const examples = readExamples();
  app.get('/examples.json', (_req, res) => {
    res.json(examples);
  });

  app.use(
    '/graphql',
    // Preflights are answered here, before keys, rate limits and bodies.
    corsMiddleware(deps.config.cors),
    (req: Request, res: Response, next: NextFunction) => {
      const header = req.get('x-request-id');
      const requestId = header && /^[A-Za-z0-9._-]{1,64}$/.test(header) ? header : randomUUID();
      res.setHeader('x-request-id', requestId);
      res.locals.requestId = requestId;
      // The request's Db and EntityManager count every SQL statement they send into it (context.ts).
      res.locals.statements = newStatementStats();
      next();
    },
    // Authenticate first, so the rate limit counts the resolved key; the outcome (viewer or error)
    // is kept for the context, where an error is thrown as before (after body checks).
    (req: Request, res: Response, next: NextFunction) => {
      viewerFor(deps, req.get('authorization'), res.locals.statements as StatementStats, keys).then(
        (viewer) => {
          res.locals.viewer = viewer;
          next();
        },
        (err: unknown) => {
          res.locals.authError = err;
          next();
        },
      );
    },
    // A valid key is counted by its id however the header is spelled; anonymous requests and
    // unknown, revoked or malformed keys by client address.
    rateLimit({
      perMinute: deps.config.rateLimitPerMinute,
      store: limiter,
      failure: deps.config.rateLimitStoreFailure,
      logger,
      callerOf: (req, res) => {
        const keyId = (res.locals.viewer as Viewer | undefined)?.keyId;
        return keyId != null ? `key:${keyId}` : `address:${req.ip}`;
      },
    }),
    express.json({ limit: deps.config.maxBodyBytes }),
    (req: Request, res: Response, next: NextFunction) => {
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      const body = req.body as { query?: unknown } | unknown[] | undefined;
      if (Array.isArray(body)) return requestError(res, 400, ErrorCode.BAD_REQUEST, 'Batched requests are not supported; send one operation per request.');
      const query = body?.query ?? req.query.query;
      if (typeof query === 'string' && Buffer.byteLength(query) > deps.config.limits.maxQueryBytes) {
        return requestError(res, 400, ErrorCode.QUERY_TOO_COMPLEX, `The query document is larger than ${deps.config.limits.maxQueryBytes} bytes.`);
      }
      next();
    },
    csvAnswers(),
    graphqlEndpoint(apollo, async ({ req, res }) => {
      if (res.locals.authError !== undefined) throw res.locals.authError;
      return createContext(deps, {
        requestId: res.locals.requestId as string,
        statements: res.locals.statements as StatementStats,
        viewer: res.locals.viewer as Viewer,
        clientAddress: req.ip,
        counties,
      });
    }),
  );

  // Malformed JSON bodies and oversized payloads: a GraphQL-shaped 4xx, never an HTML page.
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ err }, 'unhandled HTTP error');
    const message =
      err.type === 'entity.too.large' ? 'Request body is too large.'
        : err.type === 'entity.parse.failed' ? 'Request body is not valid JSON.'
          : status === 500 ? 'Internal server error' : err.message;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST } }] });
  });

  return app;
}

export class PortInUseError extends Error {}

/** DATABASE_READ_URLS: an ORM per replica (same settings as the primary's), checked once now, then in the background. */
async function openReplicas(deps: ServerDeps): Promise<ReadReplicas | undefined> {
  const { config, logger } = deps;
  if (!config.readUrls.length) return undefined;
  const replicas = new ReadReplicas({
    primary: deps.orm,
    replicas: await Promise.all(config.readUrls.map(async (url) => ({
      url,
      orm: await initORM({ url, poolSize: config.poolSize, statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs, debug: config.logLevel === 'trace', reusePlans: config.reusePlans }),
    }))),
    maxLagMs: config.maxReplicaLagMs,
    onChange: (status) => (status.state === 'ok' ? logger.info({ replica: status }, 'read replica in use') : logger.warn({ replica: status }, 'read replica skipped: reads go to another replica or the primary')),
  });
  await replicas.start();
  logger.info({ replicas: replicas.status(), maxReplicaLagMs: config.maxReplicaLagMs }, 'read replicas: queries read from them, writes go to the primary');
  return replicas;
}

/** Build and listen. Port 0 picks a free port (tests). */
export async function startServer(deps: ServerDeps, port = deps.config.port, host = deps.config.host): Promise<RunningServer> {
  const { server: httpServer, serve } = createExpressServer();
  // Imports committed by any process move this process's data version (cached answers then go).
  const replicas = await openReplicas(deps);
  const changes = new DataChanges(deps.orm.config.getClientUrl(), (message) => deps.logger.warn({ message }, 'not hearing data changes: answer cache and key cache off until reconnected'), !!replicas);
  // Always: the API keys looked up are kept while no change to them is heard (key-cache.ts).
  changes.start();
  const apollo = await createApollo(deps, httpServer, changes, replicas);
  const readiness = new ReadinessProbe(deps.orm.config.getClientUrl());
  // Counts shared with every other server process on this database.
  const limiter = new RateLimitStore(deps.orm.config.getClientUrl(), deps.config.rateLimitStoreTimeoutMs);
  const app = createApp(deps, apollo, readiness, limiter, replicas, new KeyCache(changes), new CountyCache(changes));
  serve(app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(`port ${port} is already in use; set PORT to another port`) : err);
    });
    httpServer.listen(port, host, () => resolve());
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${actualPort}/graphql`,
    port: actualPort,
    apollo,
    httpServer,
    close: async () => {
      await apollo.stop(); // drains the HTTP server through the plugin
      await readiness.close();
      await limiter.close();
      await changes.close();
      await replicas?.close();
    },
  };
}
