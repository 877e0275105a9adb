import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import type { PoolClient } from 'pg';
import { entities } from '../entities';
import { migrationsList } from '../migrations';
import { projectRoot } from '../paths';
import { StatementCountingLogger } from './statement-counter';
import { dropWhenStalled } from './stalled-connections';
import { JsonBytesDialect } from './json-bytes';
import { turnOffPlanReuse } from './prepared-statements';

export interface OrmOptions {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** How long a statement may wait for a lock (an import, a refresh, a migration holding it); below the statement timeout. */
  lockTimeoutMs?: number;
  /** Log every statement through MikroORM's logger (LOG_LEVEL=trace). */
  debug?: boolean;
  /** DB_REUSE_PLANS: statements that reuse their plan get a second pool of generic-plan sessions (prepared-statements.ts); default on. */
  reusePlans?: boolean;
}

/** How long past the statement timeout the client waits for an answer before it calls the database stalled. */
export const STALL_MARGIN_MS = 2000;

export function ormConfig(opts: OrmOptions): Options {
  // 0: no statement timeout, and no stall check (which runs past it); migrations (below).
  const statementTimeout = opts.statementTimeoutMs ?? 15000;
  // A database that does not answer even past its own statement timeout is stalled (stopped, frozen I/O):
  // the client stops waiting, and the error is SERVICE_UNAVAILABLE, not QUERY_TOO_COMPLEX (stalled-connections.ts).
  const readTimeout = statementTimeout ? statementTimeout + STALL_MARGIN_MS : 0;
  return defineConfig({
    clientUrl: opts.url,
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    pool: {
      min: 0,
      max: opts.poolSize ?? 10,
      acquireTimeoutMillis: 5000,
      afterCreate: (client: PoolClient, done: (err: Error | null, client: PoolClient) => void) => {
        dropWhenStalled(client, readTimeout);
        done(null, client);
      },
    },
    driverOptions: {
      // Pool connections read the JSON of pages as bytes (json-bytes.ts); the plan-reusing pool copies this.
      client: JsonBytesDialect,
      // Connection failures reach clients as SERVICE_UNAVAILABLE and /readyz; knex need not print them too.
      log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
      connection: {
        statement_timeout: statementTimeout,
        // Waiting on a lock is the data being busy, not the query being too big: it fails sooner, with its own code (55P03).
        lock_timeout: statementTimeout ? Math.min(opts.lockTimeoutMs ?? 5000, statementTimeout) : opts.lockTimeoutMs ?? 5000,
        connectionTimeoutMillis: 5000,
        application_name: 'rule-of-law-graph',
      },
    },
    migrations: {
      migrationsList,
      pathTs: path.join(projectRoot, 'src/migrations'),
      path: path.join(projectRoot, 'src/migrations'),
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    // Summary tables are derived from declarations and built by the analytics engine, not by migrations.
    schemaGenerator: { skipTables: [/^summary_(?!state$|dirty$)/] },
    debug: opts.debug ?? false,
    // Counts each statement into the request that sent it (statement-counter.ts); prints only in debug mode.
    loggerFactory: (options) => new StatementCountingLogger(options),
    // Requests use em.fork(); touching the global context is a bug we want to see.
    allowGlobalContext: false,
    ensureDatabase: false,
    forceUtcTimezone: true,
  });
}

/** One ORM per process (or per test file); callers close it. */
export async function initORM(opts: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(opts));
  if (opts.reusePlans === false) turnOffPlanReuse(orm);
  return orm;
}

/**
 * Applies the pending migrations, on a connection of their own without the requests' statement
 * timeout: building an index over a province's cases (17 million rows) takes longer than a request may.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const migrating = await MikroORM.init(ormConfig({ url: orm.config.getClientUrl(), poolSize: 1, statementTimeoutMs: 0 }));
  try {
    const done = await migrating.getMigrator().up();
    return done.map((m) => m.name);
  } finally {
    await migrating.close(true);
  }
}
