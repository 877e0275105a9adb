/**
 * npm start: configuration -> database (DATABASE_URL or embedded) -> migrations -> seed if empty -> HTTP.
 * Start-up failures print one line and exit non-zero; SIGINT/SIGTERM drain HTTP, close the ORM,
 * then leave the embedded database (stopped unless a CLI or another server still uses it).
 * WORKERS > 1: this process sets the database up, then runs that many server processes on the
 * port (src/http/workers.ts); each of them runs main() too, connecting by URL and serving.
 */
import 'reflect-metadata';
import v8 from 'node:v8';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from './config';
import { refreshSummaries } from './analytics/summaries/freshness';
import { openDatabase, type DatabaseHandle } from './db/database';
import { Db } from './db/db';
import { initORM, migrate } from './db/orm';
import { describeUrl } from './db/read-replicas';
import { withSetupLock } from './db/setup-lock';
import { addCurrentYearPartitions } from './db/year-partitions';
import { isWorker, reportReady, startWorkers, whenPrimaryAsksToStop, type Workers } from './http/workers';
import { createLogger } from './logger';
import { startServer, type RunningServer } from './server';
import { isEmpty, runSeeds } from '../seeds/seed';

function fail(message: string): never {
  process.stderr.write(`rule-of-law-graph: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.message}`);
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // No allocation-site pretenuring: V8 moved the allocation of objects it saw survive (rows, a page's arrays) to the old
  // generation, where, dead, they kept the young objects they point to alive through every scavenge until a mark-compact.
  // Interleaved (bench/README.md, eighth round): W2 at c=32 269 -> 330 req/s, W3 377 -> 420; c=1 unchanged.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  // Collect before the heap doubles (config.ts, heapGrowingPercent); V8 reads it at each full collection.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  // A promise some library left without a handler must not end the service for everyone: log it.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection (the server keeps running)'));

  let db: DatabaseHandle | undefined;
  let orm: MikroORM | undefined;
  let server: RunningServer | undefined;
  let workers: Workers | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: skipping the drain, leaving the database');
      await db?.release().catch(() => undefined);
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining HTTP');
    try {
      await workers?.stop();
      await server?.close();
      await orm?.close(true);
      await db?.release();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  if (isWorker()) whenPrimaryAsksToStop(() => { if (!stopping) void shutdown('stop from the primary'); });

  const label = `npm start (HTTP port ${config.port})`;
  try {
    db = await openDatabase(config, undefined, label);
  } catch (err) {
    fail(`cannot start the database: ${(err as Error).message}`);
  }
  for (const note of db.embedded?.notes ?? []) logger.info(note);
  if (db.embedded && !db.embedded.startedHere) {
    const others = await db.embedded.otherUsers();
    // Two servers may share the embedded database, but not one HTTP port: say which process has it.
    const twin = others.find((u) => u.label === label);
    if (twin) {
      await db.release();
      fail(`a server is already running on this data directory with HTTP port ${config.port} (pid ${twin.pid}, database on 127.0.0.1:${db.embedded.port}); stop it, or set PORT to run another beside it`);
    }
    logger.info({ users: others.map((u) => `${u.pid} ${u.label}`) }, 'sharing the embedded PostgreSQL that is already running');
  }
  try {
    orm = await initORM({ url: db.url, poolSize: config.poolSize, statementTimeoutMs: config.statementTimeoutMs, lockTimeoutMs: config.lockTimeoutMs, debug: config.logLevel === 'trace', reusePlans: config.reusePlans });
    await orm.em.getConnection().execute('select 1');
  } catch (err) {
    await db.release();
    fail(`cannot connect to the database at ${db.describe}: ${(err as Error).message.split('\n')[0]}`);
  }
  logger.info({ database: db.describe, ...(config.readUrls.length ? { readReplicas: config.readUrls.map(describeUrl) } : {}) }, 'database connected');

  try {
    // Workers find the database set up by the primary.
    if (!isWorker()) await withSetupLock(db.url, async () => {
      const applied = await migrate(orm!);
      if (applied.length) logger.info({ applied }, 'migrations applied');
      await addCurrentYearPartitions(new Db(orm!));
      if (await isEmpty(orm!)) {
        logger.info('empty database: loading the seed data set');
        const summary = await runSeeds(orm!);
        logger.info(summary, 'seeded');
      } else {
        // A database from before a summary was declared (or changed) gets it built now, once.
        await new Db(orm!).transaction((tx) => refreshSummaries(tx));
      }
    });
    if (config.workers > 1 && !isWorker()) {
      // The primary serves nothing: its ORM was for set-up; workers reach the database by URL.
      await orm.close(true);
      orm = undefined;
      workers = await startWorkers(config.workers, { DATABASE_URL: db.url }, logger);
      void workers.failed.then(async (reason) => {
        await workers?.stop();
        await db?.release();
        fail(`stopping: ${reason}`);
      });
    } else server = await startServer({ orm, config, logger });
  } catch (err) {
    await orm?.close(true);
    await db.release();
    fail((err as Error).message);
  }
  const url = server?.url ?? workers!.url;
  logger.info({ url, ...(workers ? { workers: config.workers } : {}) }, 'ready');
  if (isWorker()) return reportReady(url);
  process.stdout.write(`GraphQL server ready at ${url} (explorer at ${url.replace(/graphql$/, '')})\n`);
}

main().catch((err) => {
  fail((err as Error).message?.split('\n')[0] ?? String(err));
});
