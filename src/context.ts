import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './config';
import { Db } from './db/db';
import { Loaders } from './db/loaders';
import type { Replica } from './db/read-replicas';
import { newStatementStats, statementLoggerContext, type StatementStats } from './db/statement-counter';
import type { Logger } from './logger';
import { ANONYMOUS, type Viewer } from './modules/auth/viewer';
import type { CountyCache } from './modules/geography/county-cache';
import type { ChildArgs } from './query/connection';

/** What every resolver receives: this request's EntityManager, loaders and identity. */
export interface Context {
  requestId: string;
  em: EntityManager;
  /** Our own SQL (connections, aggregates) on the same pool, counted with the request. */
  db: Db;
  loaders: Loaders;
  config: Config;
  logger: Logger;
  /** SQL statements sent for this request so far. */
  statements: StatementStats;
  /** Who is asking (API key role and county), anonymous without a key. */
  viewer: Viewer;
  /** The client's network address (HTTP requests only): heavy operations are counted per address without a key. */
  clientAddress?: string;
  /**
   * How the operation ran, set by the compiled executor (src/graphql/jit-executor.ts): compiled, or
   * interpreted by graphql-js; and the arguments of the child lists inside its JSON pages, bound for
   * this request (src/graphql/json-pages.ts). An object, as Apollo runs the operation with a shallow copy of the context.
   */
  execution: { mode?: 'compiled' | 'interpreted'; childArgs?: ChildArgs };
  /** County rows this process keeps while their data version holds (HTTP requests of a listening server). */
  counties?: CountyCache;
  /** Where em, db and loaders read: 'primary', or the replica ('replica 1'…) a query operation was routed to (src/http/read-routing.ts). */
  readFrom: string;
}

export interface ContextDeps {
  orm: MikroORM;
  config: Config;
  logger: Logger;
}

export function createContext(deps: ContextDeps, opts: { requestId?: string; statements?: StatementStats; viewer?: Viewer; clientAddress?: string; counties?: CountyCache } = {}): Context {
  const statements = opts.statements ?? newStatementStats();
  const em = deps.orm.em.fork({ loggerContext: statementLoggerContext(statements) }) as EntityManager;
  const requestId = opts.requestId ?? randomUUID();
  const db = new Db(deps.orm, false, statements);
  return {
    requestId,
    em,
    db,
    loaders: new Loaders(em, db),
    config: deps.config,
    logger: deps.logger.child({ requestId }),
    statements,
    viewer: opts.viewer ?? ANONYMOUS,
    clientAddress: opts.clientAddress,
    execution: {},
    readFrom: 'primary',
    counties: opts.counties,
  };
}

/**
 * A read-only operation reads from `replica`: its EntityManager, Db and loaders replace the
 * primary's before the operation runs (nothing has used them yet), so every resolver, loader and
 * engine statement of the request follows, with no other code knowing.
 */
export function readFromReplica(ctx: Context, replica: Replica): void {
  const em = replica.orm.em.fork({ loggerContext: statementLoggerContext(ctx.statements) }) as EntityManager;
  ctx.em = em;
  ctx.db = new Db(replica.orm, true, ctx.statements);
  ctx.loaders = new Loaders(em, ctx.db);
  ctx.readFrom = replica.label;
}
