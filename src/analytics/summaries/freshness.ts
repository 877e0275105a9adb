/**
 * Summary tables never serve a stale answer, whoever writes. Statement-level triggers on each
 * fact table that has summaries record the counties a statement touched in summary_dirty, in
 * the writing transaction (API, CLI, COPY or plain SQL alike). Before answering from a summary
 * the engine reads that state: a dirty summary is refreshed for its dirty counties (when no one
 * else is refreshing it) or the request falls back to the base table.
 */
import type { Db, Queryable } from '../../db/db';
import { raw, sql } from '../../db/sql';
import type { FactDecl } from '../fact';
import { facts } from '../facts';
import { summariesOf, type Summary } from './summary';

export interface SummaryState {
  name: string;
  definition: string;
  refreshedAt: Date | null;
  /** Rows of its fact table were written since the last refresh (summary_dirty holds the counties). */
  dirty: boolean;
}

/** The state of a fact's summaries: one statement. */
export async function readState(db: Queryable, fact: FactDecl): Promise<Map<string, SummaryState>> {
  const names = summariesOf(fact).map((s) => s.name);
  if (!names.length) return new Map();
  const rows = await db.query<{ name: string; definition: string; at: string | null; dirty: boolean }>(sql`
    SELECT s.name, s.definition, to_char(s.refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
           EXISTS (SELECT 1 FROM summary_dirty d WHERE d.base_table = s.base_table) AS dirty
      FROM summary_state s WHERE s.name = ANY(${names}::text[])`);
  return new Map(rows.map((r) => [r.name, { name: r.name, definition: r.definition, refreshedAt: r.at ? new Date(r.at) : null, dirty: r.dirty }]));
}

/**
 * Triggers that mark the counties a statement writes (three events: transition tables allow one
 * each), on the table and each of its partitions: a statement that names a partition fires only
 * that partition's statement triggers. They mark the fact's table, whichever fired.
 */
async function installTriggers(db: Queryable, table: string): Promise<void> {
  await db.query(sql`SELECT summary_watch_table(t, ${table}) FROM (SELECT ${`"${table}"`}::regclass AS t
    UNION ALL SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = ${`"${table}"`}::regclass) w`);
}

async function rebuildCounties(db: Queryable, s: Summary, counties: number[] | null): Promise<void> {
  const insert = `INSERT INTO "${s.name}" ${s.select}`;
  if (counties === null) {
    await db.query(raw(`TRUNCATE "${s.name}"`));
    await db.query(raw(`${insert} ${s.groupBy}`));
  } else {
    const inCounties = (column: string) => sql`${raw(column)} = ANY(${counties}::int[])`;
    await db.query(sql`${raw(`DELETE FROM "${s.name}"`)} WHERE ${inCounties(s.countyColumn)}`);
    await db.query(sql`${raw(insert)} WHERE ${inCounties(`${s.fact.entity.alias}.${s.countyColumn}`)} ${raw(s.groupBy)}`);
  }
  await db.query(sql`UPDATE summary_state SET refreshed_at = now() WHERE name = ${s.name}`);
}

/** (Re)create a summary whose table is missing or whose declaration changed, and fill it. */
async function recreate(db: Queryable, s: Summary): Promise<void> {
  await db.query(raw(`DROP TABLE IF EXISTS "${s.name}"`));
  await db.query(raw(s.createSql));
  await db.query(raw(`CREATE INDEX ON "${s.name}" (${s.countyColumn}, cal_year)`));
  await installTriggers(db, s.fact.entity.table);
  await db.query(sql`INSERT INTO summary_state (name, base_table, definition, refreshed_at) VALUES (${s.name}, ${s.fact.entity.table}, ${s.definition}, now())
    ON CONFLICT (name) DO UPDATE SET base_table = EXCLUDED.base_table, definition = EXCLUDED.definition, refreshed_at = now()`);
  await rebuildCounties(db, s, null);
}

function lockKey(table: string): string {
  return `summary:${table}`;
}

/**
 * Bring a fact's summaries up to date in the caller's transaction: recreate the missing or
 * changed ones, refresh the dirty counties of the others. `wait: false` gives up (returns
 * false) when another transaction is refreshing them.
 */
export async function refreshFact(tx: Queryable, fact: FactDecl, opts: { wait: boolean; all?: boolean }): Promise<boolean> {
  const summaries = summariesOf(fact);
  if (!summaries.length) return true;
  const table = fact.entity.table;
  if (opts.wait) await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey(table)}))`);
  else {
    const [row] = await tx.query<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(hashtext(${lockKey(table)})) AS ok`);
    if (!row.ok) return false;
  }
  const state = await readState(tx, fact);
  // Taken in this transaction: a writer committing after this statement leaves its mark for next time.
  const dirty = await tx.query<{ county_id: number }>(sql`DELETE FROM summary_dirty WHERE base_table = ${table} RETURNING county_id`);
  const counties = [...new Set(dirty.map((d) => Number(d.county_id)))];
  for (const s of summaries) {
    const st = state.get(s.name);
    if (!st || st.definition !== s.definition) await recreate(tx, s);
    else if (opts.all || counties.includes(0)) await rebuildCounties(tx, s, null);
    else if (counties.length) await rebuildCounties(tx, s, counties);
  }
  return true;
}

/** Refresh on read: in its own transaction, without waiting for another refresher. */
export async function refreshIfFree(db: Db, fact: FactDecl): Promise<boolean> {
  // A replica cannot write: the base table answers until the primary refreshes (an import does, in its transaction).
  if (db.readOnly) return false;
  try {
    return await db.transaction((tx) => refreshFact(tx, fact, { wait: false }));
  } catch {
    return false; // e.g. a read-only replica: the caller answers from the base table
  }
}

/** Bring every fact's summaries up to date (seeds, `npm run rollups -- refresh`); `all` rebuilds them whole. */
export async function refreshSummaries(tx: Queryable, opts: { all?: boolean } = {}): Promise<void> {
  for (const fact of facts) await refreshFact(tx, fact, { wait: true, all: opts.all });
}

export interface SummaryStatus {
  name: string;
  fact: string;
  grain: string;
  dimensions: string[];
  built: boolean;
  current: boolean;
  rows: number | null;
  refreshedAt: Date | null;
  dirtyCounties: number[];
}

/** What `npm run rollups -- status` prints: each summary, whether it is built and current, and what is dirty. */
export async function summaryStatus(db: Queryable): Promise<SummaryStatus[]> {
  const out: SummaryStatus[] = [];
  const dirty = await db.query<{ base_table: string; county_id: number }>(sql`SELECT base_table, county_id FROM summary_dirty ORDER BY 1, 2`);
  for (const fact of facts) {
    const state = await readState(db, fact);
    for (const s of summariesOf(fact)) {
      const st = state.get(s.name);
      const current = st?.definition === s.definition;
      const [count] = current ? await db.query<{ n: string }>(raw(`SELECT count(*) AS n FROM "${s.name}"`)) : [];
      out.push({
        name: s.name, fact: fact.key, grain: s.grain, dimensions: s.columns, built: !!st, current,
        rows: count ? Number(count.n) : null, refreshedAt: st?.refreshedAt ?? null,
        dirtyCounties: dirty.filter((d) => d.base_table === fact.entity.table).map((d) => Number(d.county_id)),
      });
    }
  }
  return out;
}
