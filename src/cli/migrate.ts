/**
 * npm run migrate            apply pending migrations
 * npm run migrate -- create  write a migration for the difference between entities and database
 * npm run migrate -- check   print that difference (empty when in sync)
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { initORM, migrate } from '../db/orm';
import { withSetupLock } from '../db/setup-lock';

async function main() {
  const command = process.argv[2] ?? 'up';
  const config = loadConfig();
  const db = await openDatabase(config);
  const orm = await initORM({ url: db.url });
  try {
    if (command === 'up') {
      const applied = await withSetupLock(db.url, () => migrate(orm));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    } else if (command === 'create') {
      await withSetupLock(db.url, () => migrate(orm));
      const result = await orm.getMigrator().createMigration(undefined, false, process.argv.includes('--initial'));
      if (!result.fileName) console.log('no changes: entities and database agree');
      else console.log(`wrote src/migrations/${result.fileName}; add it to src/migrations/index.ts`);
    } else if (command === 'check') {
      const sql = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      console.log(sql.trim() || 'in sync');
    } else {
      throw new Error(`unknown command "${command}" (up, create, check)`);
    }
  } finally {
    await orm.close(true);
    await db.release();
  }
}

main().catch((err) => {
  console.error(`migrate: ${(err as Error).message}`);
  process.exit(1);
});
