/**
 * The real server against a real database, for one test file:
 * a fresh database cloned from the migrated, seeded template; Apollo for executeOperation;
 * optionally real HTTP on a free port.
 */
import { parsedAnswer } from './parsed-answer';
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApolloServer } from '@apollo/server';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../src/config';
import { createContext, type Context } from '../../src/context';
import { Db } from '../../src/db/db';
import { initORM } from '../../src/db/orm';
import { newStatementStats } from '../../src/db/statement-counter';
import { createLogger } from '../../src/logger';
import { createApollo, startServer, type RunningServer } from '../../src/server';
import { Role } from '../../src/modules/auth/api-key.entity';
import type { Viewer } from '../../src/modules/auth/viewer';

/** Tests run as an analyst unless they say otherwise. */
export const ANALYST: Viewer = { keyId: null, role: Role.ANALYST, countyCode: null, countyId: null, label: 'test analyst' };

export function serverUrl(database: string): string {
  return process.env.TEST_SERVER_URL!.replace('__DB__', database);
}

export async function adminQuery(text: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl(process.env.TEST_ADMIN_DB!) });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * A new database: a copy of the seeded template, or empty. On PostgreSQL 15 and later the copy is
 * made file by file (STRATEGY FILE_COPY, the only way before 15) rather than through the WAL (the
 * default since 15): faster for a template of this size, and it does not send the whole template
 * through the WAL to the replica of read-replicas.test.ts.
 */
export async function createDatabase(opts: { empty?: boolean } = {}): Promise<string> {
  const name = `${process.env.TEST_DB_PREFIX}${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl(process.env.TEST_ADMIN_DB!) });
  await admin.connect();
  try {
    if (opts.empty) await admin.query(`CREATE DATABASE ${name}`);
    else {
      const { rows: [{ server_version_num: version }] } = await admin.query<{ server_version_num: string }>('SHOW server_version_num');
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_TEMPLATE_DB}${Number(version) >= 150000 ? ' STRATEGY FILE_COPY' : ''}`);
    }
  } finally {
    await admin.end();
  }
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
  /** SQL statements the operation sent. */
  statements: number;
  /** With the compiled executor: whether this operation ran compiled or interpreted. */
  execution?: 'compiled' | 'interpreted';
  sql: string[];
}

export interface TestApp {
  database: string;
  url: string;
  orm: MikroORM;
  db: Db;
  config: Config;
  apollo: ApolloServer<Context>;
  http?: RunningServer;
  /** Run an operation through Apollo (no HTTP), counting its SQL statements. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, viewer?: Viewer): Promise<GqlResult<T>>;
  /** Plain SQL, for expected values computed independently of the code under test. */
  sql<R = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * `database`: open this app on an existing database (e.g. another app's, to run the same data under
 * other settings) instead of a fresh copy; closing the app then leaves the database in place.
 */
export async function startTestApp(opts: { http?: boolean; env?: Record<string, string>; empty?: boolean; database?: string; poolSize?: number } = {}): Promise<TestApp> {
  const owned = !opts.database;
  const database = opts.database ?? await createDatabase({ empty: opts.empty });
  const url = serverUrl(database);
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, ...opts.env });
  const logger = createLogger(config.logLevel);
  const orm = await initORM({ url, poolSize: opts.poolSize ?? 5, statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs, reusePlans: config.reusePlans });
  const deps = { orm, config, logger };
  const http = opts.http ? await startServer(deps, 0, '127.0.0.1') : undefined;
  const apollo = http ? http.apollo : await createApollo(deps);
  const raw = new Client({ connectionString: url });
  await raw.connect();

  return {
    database,
    url,
    orm,
    db: new Db(orm),
    config,
    apollo,
    http,
    async gql(query, variables, viewer = ANALYST) {
      const stats = newStatementStats(true);
      const contextValue = createContext(deps, { statements: stats, viewer });
      const response = await apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      // As a client reads it: JSON text PostgreSQL wrote for a page (RawJson) parsed.
      return { data: parsedAnswer(data) as never, errors: errors as GqlResult['errors'], statements: stats.count, sql: stats.sql, execution: contextValue.execution.mode };
    },
    async sql(text, values) {
      return (await raw.query(text, values)).rows;
    },
    async close() {
      await raw.end();
      if (http) await http.close();
      else await apollo.stop();
      await orm.close(true);
      if (owned) await dropDatabase(database);
    },
  };
}

/** POST a GraphQL request over real HTTP. */
export async function postGraphql(app: TestApp, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(app.http!.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}
