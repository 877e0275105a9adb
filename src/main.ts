/**
 * npm start: configuration -> database (DATABASE_URL or embedded) -> migrations -> seed if empty -> HTTP.
 * Start-up failures print one line and exit non-zero; SIGINT/SIGTERM drain HTTP, close the ORM,
 * then stop the embedded database.
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';
import { initORM, migrate } from './db/orm';
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

  let db: DatabaseHandle | undefined;
  let orm: MikroORM | undefined;
  let server: RunningServer | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: skipping the drain, stopping the database');
      await db?.embedded?.stop().catch(() => undefined);
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining HTTP');
    try {
      await server?.close();
      await orm?.close(true);
      await db?.embedded?.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    db = await openDatabase(config);
  } catch (err) {
    fail(`cannot start the database: ${(err as Error).message}`);
  }
  try {
    orm = await initORM({ url: db.url, poolSize: config.poolSize, statementTimeoutMs: config.statementTimeoutMs, debug: config.logLevel === 'trace' });
    await orm.em.getConnection().execute('select 1');
  } catch (err) {
    await db.embedded?.stop();
    fail(`cannot connect to the database at ${db.describe}: ${(err as Error).message.split('\n')[0]}`);
  }
  logger.info({ database: db.describe }, 'database connected');

  try {
    const applied = await migrate(orm);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    if (await isEmpty(orm)) {
      logger.info('empty database: loading the seed data set');
      const summary = await runSeeds(orm);
      logger.info(summary, 'seeded');
    }
    server = await startServer({ orm, config, logger });
  } catch (err) {
    await orm.close(true);
    await db.embedded?.stop();
    fail((err as Error).message);
  }
  logger.info({ url: server.url }, 'ready');
  process.stdout.write(`GraphQL server ready at ${server.url} (explorer at ${server.url.replace(/graphql$/, '')})\n`);
}

main().catch((err) => {
  fail((err as Error).message?.split('\n')[0] ?? String(err));
});
