import type { MikroORM } from '@mikro-orm/postgresql';
import { Db } from '../src/db/db';
import { ident, sql } from '../src/db/sql';
import { seedCatalogue } from './catalogue.seed';
import { RECORD_TABLES } from './synthetic/load';
import { seedGeography } from './geography.seed';
import { seedReports } from './reports.seed';
import { seedYanjinRecords } from './yanjin-records.seed';
import { refreshSummaries } from '../src/analytics/summaries/freshness';

export interface SeedSummary {
  seconds: number;
  rows: Record<string, number>;
}

const COUNTED_TABLES = ['province', 'city', 'county', 'township', 'agency', 'indicator', 'report', 'figure', 'task_force', ...RECORD_TABLES];

/** Every seed, in one transaction: either the whole data set is there or none of it. Idempotent. */
export async function runSeeds(orm: MikroORM): Promise<SeedSummary> {
  const started = Date.now();
  const db = new Db(orm);
  await db.transaction(async (tx) => {
    await seedGeography(tx);
    await seedCatalogue(tx);
    await seedReports(tx);
    await seedYanjinRecords(tx);
    await refreshSummaries(tx); // builds missing summaries, refreshes what the seeds wrote
  });
  const rows: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const [r] = await db.query<{ n: string }>(sql`SELECT count(*) AS n FROM ${ident(table)}`);
    rows[table] = Number(r.n);
  }
  return { seconds: (Date.now() - started) / 1000, rows };
}

/** True when nothing has been seeded yet (npm start seeds only an empty database). */
export async function isEmpty(orm: MikroORM): Promise<boolean> {
  const [r] = await new Db(orm).query<{ n: string }>(sql`SELECT count(*) AS n FROM county`);
  return Number(r.n) === 0;
}
