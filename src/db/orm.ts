import { MikroORM, defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { entities } from '../entities';
import { migrationsList } from '../migrations';
import { projectRoot } from '../paths';
import { attachStatementCounter } from './statement-counter';

export interface OrmOptions {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  /** Log every statement through MikroORM's logger (LOG_LEVEL=trace). */
  debug?: boolean;
}

export function ormConfig(opts: OrmOptions): Options {
  return defineConfig({
    clientUrl: opts.url,
    entities,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true },
    pool: { min: 0, max: opts.poolSize ?? 10, acquireTimeoutMillis: 5000 },
    driverOptions: {
      // Connection failures reach clients as SERVICE_UNAVAILABLE and /readyz; knex need not print them too.
      log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
      connection: {
        statement_timeout: opts.statementTimeoutMs ?? 15000,
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
    // Requests use em.fork(); touching the global context is a bug we want to see.
    allowGlobalContext: false,
    ensureDatabase: false,
    forceUtcTimezone: true,
  });
}

/** One ORM per process (or per test file); callers close it. */
export async function initORM(opts: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(opts));
  attachStatementCounter(orm);
  return orm;
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
