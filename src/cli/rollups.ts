/**
 * npm run rollups -- status    each summary table: built, current with its declaration, rows, last refresh, dirty counties
 * npm run rollups -- refresh   build missing or changed summaries and refresh dirty counties (--all: rebuild them whole)
 */
import 'reflect-metadata';
import { refreshSummaries, summaryStatus } from '../analytics/summaries/freshness';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { Db } from '../db/db';
import { initORM, migrate } from '../db/orm';
import { withSetupLock } from '../db/setup-lock';

async function main() {
  const command = process.argv[2] ?? 'status';
  if (command !== 'status' && command !== 'refresh') throw new Error(`unknown command "${command}" (status, refresh)`);
  const config = loadConfig();
  const handle = await openDatabase(config);
  const orm = await initORM({ url: handle.url });
  try {
    await withSetupLock(handle.url, () => migrate(orm));
    const db = new Db(orm);
    if (command === 'refresh') {
      const started = Date.now();
      await db.transaction((tx) => refreshSummaries(tx, { all: process.argv.includes('--all') }));
      console.log(`refreshed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    for (const s of await summaryStatus(db)) {
      const state = !s.built ? 'NOT BUILT' : !s.current ? 'DECLARATION CHANGED' : s.dirtyCounties.length ? `DIRTY (counties ${s.dirtyCounties.includes(0) ? 'all' : s.dirtyCounties.join(', ')})` : 'FRESH';
      console.log(`${s.name}  ${state}  fact ${s.fact}, grain ${s.grain}, keeps ${s.dimensions.join(', ')}, ${s.rows ?? '-'} rows, refreshed ${s.refreshedAt?.toISOString() ?? 'never'}`);
    }
  } finally {
    await orm.close(true);
    await handle.release();
  }
}

main().catch((err) => {
  console.error(`rollups: ${(err as Error).message}`);
  process.exit(1);
});
