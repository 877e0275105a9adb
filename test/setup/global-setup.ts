/**
 * Starts one real PostgreSQL for the whole run (DATABASE_URL's server when set, else a throwaway
 * embedded one), builds a template database (migrated and seeded once), and tells the test
 * files where it is. Each test file clones its own database from the template.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { buildDashboardBundle } from '../../src/dashboard/bundle';
import { buildExplorerBundle } from '../../src/explorer/bundle';
import { spawn } from 'node:child_process';

declare global {
  // eslint-disable-next-line no-var
  var __TEST_PG__: { stop(): Promise<void> } | undefined;
}

export default async function globalSetup(): Promise<void> {
  // The server serves the explorer and the dashboard from dist/ (as after `npm run build`); each skipped when up to date.
  // Built while the database starts and the template is seeded (esbuild works in its own process).
  const bundles = (async () => {
    await buildExplorerBundle();
    await buildDashboardBundle();
  })();
  await Promise.all([bundles, prepareDatabase()]);
}

async function prepareDatabase(): Promise<void> {
  let serverUrl: (db: string) => string;
  if (process.env.DATABASE_URL) {
    const base = new URL(process.env.DATABASE_URL);
    serverUrl = (db) => {
      const u = new URL(base.toString());
      u.pathname = `/${db}`;
      return u.toString();
    };
    process.env.TEST_ADMIN_DB = base.pathname.slice(1);
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rolg-test-'));
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), database: 'postgres', throwaway: true });
    globalThis.__TEST_PG__ = pg;
    serverUrl = pg.urlFor;
    process.env.TEST_ADMIN_DB = 'postgres';
    process.env.TEST_EMBEDDED_DATA_DIR = pg.dataDir;
  }
  const template = `rolg_template_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl(process.env.TEST_ADMIN_DB!) });
  await admin.connect();
  if (!process.env.DATABASE_URL) {
    // A throwaway cluster need not survive a power cut: no waiting for the disk (fsync) at each commit,
    // CREATE DATABASE or DROP DATABASE (which forces a checkpoint). A crash of PostgreSQL alone (the fault
    // test) still recovers from its WAL, which the operating system holds. synchronous_commit stays on:
    // WAL reaches a replica (read-replicas.test.ts) when it is flushed, and that timing is left as it is.
    for (const setting of ['fsync = off', 'full_page_writes = off']) await admin.query(`ALTER SYSTEM SET ${setting}`);
    await admin.query('SELECT pg_reload_conf()');
  }
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(__dirname, '../helpers/ts-register.js'), path.join(__dirname, 'prepare-template.ts'), serverUrl(template)], {
      stdio: 'inherit',
      cwd: path.join(__dirname, '../..'),
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`preparing the template database failed (${signal ?? `exit code ${code}`})`))));
  });

  process.env.TEST_TEMPLATE_DB = template;
  process.env.TEST_DB_PREFIX = `rolg_t_${process.pid}_`;
  process.env.TEST_SERVER_URL = serverUrl('__DB__');
}
