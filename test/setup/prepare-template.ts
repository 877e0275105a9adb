/**
 * Migrates and seeds the template database. Runs in a child process of jest's globalSetup:
 * MikroORM and type-graphql keep metadata on globalThis, and initialising them in the
 * globalSetup realm breaks them for tests that jest runs in the same process.
 */
import 'reflect-metadata';
import { initORM, migrate } from '../../src/db/orm';
import { runSeeds } from '../../seeds/seed';

async function main() {
  const orm = await initORM({ url: process.argv[2] });
  try {
    await migrate(orm);
    await runSeeds(orm);
  } finally {
    await orm.close(true);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
