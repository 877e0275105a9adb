/**
 * The one entry point into the aggregation engine, for root and scoped stats, reconciliation,
 * comparison and the benchmarks: choose the source (a fresh covering summary, or the base
 * table within the scan guard), compile one statement, run it.
 */
import type { Db } from '../db/db';
import { DomainError, ErrorCode } from '../errors';
import { sql, type Sql } from '../db/sql';
import type { FactDecl } from './fact';
import { readState, refreshIfFree, type SummaryState } from './summaries/freshness';
import { covers, summariesOf, type Summary } from './summaries/summary';
import { statsSql, type MeasureSet, type Source, type StatsQuery } from './stats-sql';

export type Row = Record<string, unknown>;

export interface EngineOptions {
  /** Answer from summary tables when one covers the request (ROLLUPS). */
  summaries: boolean;
  /** Refuse an unbounded scan of a base table larger than this (API requests); null: no guard. */
  maxScanRows: number | null;
  /** Summary state already read in this request, by fact: several stats fields read it once. */
  stateCache?: Map<string, Promise<Map<string, SummaryState>>>;
}

export interface EngineResult {
  rows: Row[];
  /** The table the rows were computed from. */
  servedFrom: string;
  /** For a summary: when it was last refreshed; null for the base table. */
  refreshedAt: Date | null;
}

/** Filters that bound a scan to part of a county or less. */
const BOUNDING = ['id', 'countyId', 'countyCode', 'agencyId', 'agencyCode', 'townshipId', 'townshipCode', 'reviewId', 'taskForceId'];

function isBounded(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  const f = filter as Record<string, unknown>;
  if (BOUNDING.some((k) => f[k] !== undefined && f[k] !== null)) return true;
  return Array.isArray(f.and) && f.and.some(isBounded);
}

function measureIds(m: MeasureSet | null): string[] {
  return m ? [...m.ids] : [];
}

/** Summaries that could answer the request, smallest first (before looking at their freshness). */
export function coveringSummaries(fact: FactDecl, q: StatsQuery): Summary[] {
  const request = {
    dimensions: [...q.groupBy, ...(q.scope ? [q.scope.dimension] : [])],
    filters: [q.filter, ...(q.filtered ?? []).map((f) => f.filter)],
    measures: [...measureIds(q.measures), ...measureIds(q.previousYear), ...q.having.map((h) => h.measure), ...(q.filtered ?? []).map((f) => f.measure)],
    percentiles: q.measures.percentiles.size > 0 || (q.previousYear?.percentiles.size ?? 0) > 0,
  };
  return summariesOf(fact).filter((s) => covers(s, request));
}

function state(db: Db, fact: FactDecl, opts: EngineOptions): Promise<Map<string, SummaryState>> {
  const cache = opts.stateCache;
  let p = cache?.get(fact.key);
  if (!p) {
    p = readState(db, fact);
    cache?.set(fact.key, p);
  }
  return p;
}

/** A fresh summary that covers the request, refreshing dirty counties first; null: use the base table. */
async function freshSummary(db: Db, fact: FactDecl, q: StatsQuery, opts: EngineOptions): Promise<{ summary: Summary; refreshedAt: Date | null } | null> {
  const candidates = opts.summaries ? coveringSummaries(fact, q) : [];
  if (!candidates.length) return null;
  let states = await state(db, fact, opts);
  const usable = (s: Summary) => states.get(s.name)?.definition === s.definition;
  const chosen = candidates.find(usable);
  if (!chosen) return null; // not built yet (npm run rollups -- refresh): the base table answers
  if (states.get(chosen.name)!.dirty) {
    if (!(await refreshIfFree(db, fact))) return null;
    opts.stateCache?.delete(fact.key);
    states = await state(db, fact, opts);
    if (states.get(chosen.name)?.dirty !== false) return null;
  }
  return { summary: chosen, refreshedAt: states.get(chosen.name)!.refreshedAt };
}

/** Refuse a scan of a whole table larger than MAX_SCAN_ROWS unless something bounds it. */
async function guardScan(db: Db, fact: FactDecl, q: StatsQuery, maxScanRows: number | null): Promise<void> {
  if (maxScanRows === null || q.scope || isBounded(q.filter)) return;
  const [row] = await db.query<{ n: string }>(sql`SELECT GREATEST(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = ${fact.entity.table}::regclass`);
  const estimate = Number(row?.n ?? 0);
  if (estimate > maxScanRows) {
    throw new DomainError(ErrorCode.QUERY_TOO_COMPLEX,
      `This would aggregate about ${estimate} ${fact.entity.plural} with nothing bounding it (more than MAX_SCAN_ROWS = ${maxScanRows}); filter by county, agency or township.`,
      { argument: 'filter', estimatedRows: estimate, maxScanRows });
  }
}

export interface PreparedAggregate {
  statement: Sql;
  servedFrom: string;
  refreshedAt: Date | null;
}

/** The statement a request will run, and from where (the benchmarks print its plan). */
export async function prepareAggregate(db: Db, fact: FactDecl, q: StatsQuery, opts: EngineOptions): Promise<PreparedAggregate> {
  const fresh = await freshSummary(db, fact, q, opts);
  if (!fresh) await guardScan(db, fact, q, opts.maxScanRows);
  const src: Source = fresh
    ? { fact, entity: fresh.summary.entity, summary: fresh.summary }
    : { fact, entity: fact.entity, summary: null };
  return { statement: statsSql(src, q), servedFrom: src.entity.table, refreshedAt: fresh?.refreshedAt ?? null };
}

export async function runAggregate(db: Db, fact: FactDecl, q: StatsQuery, opts: EngineOptions): Promise<EngineResult> {
  const { statement, servedFrom, refreshedAt } = await prepareAggregate(db, fact, q, opts);
  return { rows: await db.query<Row>(statement), servedFrom, refreshedAt };
}
