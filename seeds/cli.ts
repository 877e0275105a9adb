/**
 * npm run seed                                   the standard data set (idempotent)
 * npm run seed -- --counties 157 --years 2019-2023 [--seed S]
 *                                                plus a synthetic province of that size
 */
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { Db } from '../src/db/db';
import { withSetupLock } from '../src/db/setup-lock';
import { initORM, migrate } from '../src/db/orm';
import { sql } from '../src/db/sql';
import { seedProvince } from './province';
import { runSeeds } from './seed';
import { RECORD_TABLES } from './synthetic/load';
import { withDeferredIndexes } from './synthetic/indexes';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function parseYears(text: string): number[] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text);
  if (!m) throw new Error(`--years must look like 2023 or 2019-2023, got "${text}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (to < from || to - from > 20) throw new Error(`--years range ${text} is not valid`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function main() {
  const counties = option('counties') ? Number(option('counties')) : 0;
  if (!Number.isInteger(counties) || counties < 0 || counties > 999) throw new Error('--counties must be a whole number from 1 to 999');
  const years = parseYears(option('years') ?? '2023');
  const seed = option('seed') ?? 'province-1';
  const config = loadConfig();
  const handle = await openDatabase(config, undefined, 'npm run seed');
  const orm = await initORM({ url: handle.url, statementTimeoutMs: 3_600_000, lockTimeoutMs: 3_600_000 });
  const db = new Db(orm);
  const started = Date.now();
  try {
    // Beside a starting server, migrations and seeds take turns with it.
    const summary = await withSetupLock(handle.url, async () => {
      await migrate(orm);
      return runSeeds(orm);
    });
    console.log(`standard seeds: ${JSON.stringify(summary.rows)} (${summary.seconds.toFixed(1)} s)`);
    if (counties > 0) {
      const bar = new SingleBar({ format: 'county-years {bar} {value}/{total} | {eta_formatted} left', hideCursor: true }, Presets.shades_classic);
      let barStarted = false;
      const progress = (done: number, total: number) => {
        if (!barStarted) {
          bar.start(total, 0);
          barStarted = true;
        }
        bar.update(done);
      };
      const big = counties * years.length >= 40;
      const result = await db.transaction(async (tx) => {
        const load = () => seedProvince(tx, { counties, years, seed, progress });
        const out = big ? await withDeferredIndexes(tx, RECORD_TABLES, load, () => { bar.stop(); console.log('building indexes...'); }) : await load();
        bar.stop();
        return out;
      });
      await db.query(sql`ANALYZE`);
      const [size] = await db.query<{ size: string }>(sql`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
      const seconds = (Date.now() - started) / 1000;
      console.log(`synthetic province: ${result.counties} new counties x ${years.length} years`);
      for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(24)} ${String(n).padStart(12)}`);
      console.log(`done in ${seconds.toFixed(1)} s; database size ${size.size}`);
    }
  } finally {
    await orm.close(true);
    await handle.release();
  }
}

main().catch((err) => {
  console.error(`seed: ${(err as Error).message}`);
  process.exit(1);
});
