/**
 * Rollups: the engine answers from a summary table when it covers the request's dimensions,
 * filters, measures and scope, and from the base table otherwise; the answers are the same
 * (a test compares both paths on random requests). A rollup is a variant of the fact whose
 * table is the summary table and whose measures re-aggregate the stored partial aggregates.
 */
import type { Queryable } from '../../db/db';
import { raw, sql } from '../../db/sql';
import type { EntityDecl } from '../../query/declaration';
import type { FactDecl } from '../fact';
import { enforcementCaseFact } from '../facts';
import type { MeasureSet, StatsQuery } from '../stats-sql';

export interface Rollup {
  name: string;
  /** The fact as answered from the summary table. */
  fact: FactDecl;
  dimensions: Set<string>;
  filters: Set<string>;
  measures: Set<string>;
  /** Scope columns (county, agency) it can be restricted by. */
  scopes: Set<string>;
  refresh: (db: Queryable, counties: number[] | null) => Promise<void>;
}

/** Re-aggregations of the stored partial aggregates, by measure id. */
const CASE_MEASURES: Record<string, string> = {
  count: 'sum(c.n)',
  'fineAmount.sum': 'sum(c.fine_sum)',
  'fineAmount.min': 'min(c.fine_min)',
  'fineAmount.max': 'max(c.fine_max)',
  'fineAmount.avg': 'sum(c.fine_sum)::numeric / NULLIF(sum(c.n), 0)',
  'leniencyAmount.sum': 'sum(c.leniency_sum)',
  'leniencyAmount.min': 'min(c.leniency_min)',
  'leniencyAmount.max': 'max(c.leniency_max)',
  'leniencyAmount.avg': 'sum(c.leniency_sum)::numeric / NULLIF(sum(c.leniency_n), 0)',
  fined: 'sum(c.fined)',
  lenient: "COALESCE(sum(c.n) FILTER (WHERE c.leniency <> 'NONE'), 0)",
  leniencyRate: "(COALESCE(sum(c.n) FILTER (WHERE c.leniency <> 'NONE'), 0))::float8 / NULLIF(sum(c.n) FILTER (WHERE c.action_type = 'PENALTY'), 0)",
};

const PARTIAL_COLUMNS = 'n, fine_sum, fine_min, fine_max, fined, leniency_sum, leniency_min, leniency_max, leniency_n';
const PARTIALS = `count(*), sum(fine_amount_fen), min(fine_amount_fen), max(fine_amount_fen), count(*) FILTER (WHERE fine_amount_fen > 0),
  sum(leniency_amount_fen), min(leniency_amount_fen), max(leniency_amount_fen), count(leniency_amount_fen)`;

function variant(base: FactDecl, table: string, mainDate: string, dims: string[], filters: string[], extra: Record<string, string>, joins: string[]): FactDecl {
  const entity: EntityDecl = {
    ...base.entity,
    table,
    mainDate,
    joins: Object.fromEntries(Object.entries(base.entity.joins).filter(([name]) => joins.includes(name))),
    filters: base.entity.filters.filter((f) => filters.includes(f.name)),
  };
  return {
    ...base,
    entity,
    dimensions: base.dimensions.filter((d) => dims.includes(d.name)),
    measureSql: { ...CASE_MEASURES, ...extra },
  };
}

async function rebuild(db: Queryable, table: string, insert: string, groupColumns: number, counties: number[] | null): Promise<void> {
  if (counties === null) await db.query(sql`${raw(`TRUNCATE "${table}"`)}`);
  else await db.query(sql`${raw(`DELETE FROM "${table}"`)} WHERE county_id = ANY(${counties}::int[])`);
  const groupBy = Array.from({ length: groupColumns }, (_, i) => i + 1).join(', ');
  await db.query(sql`${raw(insert)} ${counties === null ? sql`` : sql`AND county_id = ANY(${counties}::int[])`} ${raw(`GROUP BY ${groupBy}`)}`);
  await db.query(sql`INSERT INTO rollup_state (name, refreshed_at) VALUES (${table}, now()) ON CONFLICT (name) DO UPDATE SET refreshed_at = now()`);
}


const yearlyDims = ['COUNTY', 'YEAR', 'ACTION_TYPE', 'LENIENCY'];
const monthlyDims = ['COUNTY', 'YEAR', 'QUARTER', 'MONTH', 'ACTION_TYPE', 'LENIENCY'];
const agencyDims = ['COUNTY', 'AGENCY', 'AGENCY_LEVEL', 'YEAR', 'ACTION_TYPE', 'LENIENCY'];
const common = ['countyId', 'countyCode', 'actionType', 'leniency', 'year', 'provenance'];

/** Smallest first: the first that covers a request answers it. */
export const rollups: Record<string, Rollup[]> = {
  enforcementCase: [
    {
      name: 'enforcement_case_yearly',
      fact: variant(enforcementCaseFact, 'enforcement_case_yearly', 'make_date(c.year, 1, 1)', yearlyDims, common, {}, []),
      dimensions: new Set(yearlyDims),
      filters: new Set(common),
      measures: new Set(Object.keys(CASE_MEASURES)),
      scopes: new Set(['c.county_id']),
      refresh: (db, counties) => rebuild(db, 'enforcement_case_yearly', `INSERT INTO enforcement_case_yearly (county_id, year, action_type, leniency, provenance, ${PARTIAL_COLUMNS})
        SELECT county_id, extract(year FROM decided_on), action_type, leniency, provenance, ${PARTIALS}
          FROM enforcement_case WHERE TRUE`, 5, counties),
    },
    {
      name: 'enforcement_case_monthly',
      fact: variant(enforcementCaseFact, 'enforcement_case_monthly', 'make_date(c.year, c.month, 1)', monthlyDims, common, {}, []),
      dimensions: new Set(monthlyDims),
      filters: new Set(common),
      measures: new Set(Object.keys(CASE_MEASURES)),
      scopes: new Set(['c.county_id']),
      refresh: (db, counties) => rebuild(db, 'enforcement_case_monthly', `INSERT INTO enforcement_case_monthly (county_id, year, month, action_type, leniency, provenance, ${PARTIAL_COLUMNS})
        SELECT county_id, extract(year FROM decided_on), extract(month FROM decided_on), action_type, leniency, provenance, ${PARTIALS}
          FROM enforcement_case WHERE TRUE`, 6, counties),
    },
    {
      name: 'enforcement_case_by_agency',
      fact: variant(enforcementCaseFact, 'enforcement_case_by_agency', 'make_date(c.year, 1, 1)', agencyDims,
        [...common, 'agencyId', 'agencyCode', 'agencyLevel'], { 'distinct.agencies': 'count(DISTINCT c.agency_id)' }, ['agency']),
      dimensions: new Set(agencyDims),
      filters: new Set([...common, 'agencyId', 'agencyCode', 'agencyLevel']),
      measures: new Set([...Object.keys(CASE_MEASURES), 'distinct.agencies']),
      scopes: new Set(['c.county_id', 'c.agency_id']),
      refresh: (db, counties) => rebuild(db, 'enforcement_case_by_agency', `INSERT INTO enforcement_case_by_agency (county_id, agency_id, year, action_type, leniency, provenance, ${PARTIAL_COLUMNS})
        SELECT county_id, agency_id, extract(year FROM decided_on), action_type, leniency, provenance, ${PARTIALS}
          FROM enforcement_case WHERE TRUE`, 6, counties),
    },
  ],
};

function filterFields(filter: unknown, into: Set<string>): void {
  if (!filter || typeof filter !== 'object') return;
  if (Array.isArray(filter)) return filter.forEach((f) => filterFields(f, into));
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or' || key === 'not') filterFields(value, into);
    else into.add(key);
  }
}

function measureIds(m: MeasureSet): string[] | null {
  if (m.percentiles.size) return null;
  return [...(m.count ? ['count'] : []), ...m.aggregates, ...[...m.distinct].map((d) => `distinct.${d}`), ...m.conditional];
}

/** The smallest rollup that covers the request, or null (answer from the base table). */
export function coveringRollup(fact: FactDecl, q: StatsQuery): Rollup | null {
  const candidates = rollups[fact.key] ?? [];
  const fields = new Set<string>();
  filterFields(q.filter, fields);
  const wanted = [measureIds(q.measures), q.previousYear ? measureIds(q.previousYear) : []];
  if (wanted.some((w) => w === null)) return null;
  for (const r of candidates) {
    if (!q.groupBy.every((d) => r.dimensions.has(d.name))) continue;
    if (![...fields].every((f) => r.filters.has(f))) continue;
    if (!wanted.flat().every((id) => r.measures.has(id as string))) continue;
    if (q.having.some((h) => !r.measures.has(h.measure))) continue;
    if (q.scope && !r.scopes.has(q.scope.column)) continue;
    return r;
  }
  return null;
}

/** Rebuild every rollup of a table for some counties (null: all), in the caller's transaction. */
export async function refreshRollups(db: Queryable, table: string, counties: number[] | null): Promise<void> {
  if (table !== 'enforcement_case') return;
  for (const r of rollups.enforcementCase) await r.refresh(db, counties);
}
