/**
 * A summary table derived from its declaration on a fact: which base columns it keeps (those the
 * declared dimensions read, joins included), its time grain, its partial aggregates (every
 * re-aggregable atom of the fact's measures), the SQL that builds it, and whether it covers a
 * request. Nothing here is written per table: a new summary is one line on its fact.
 */
import { createHash } from 'node:crypto';
import type { EntityDecl, FilterField } from '../../query/declaration';
import { CALENDAR } from '../dimensions';
import type { Dimension, FactDecl, SummaryDecl } from '../fact';
import { additiveAtoms, baseAtomSql, measure, type Atom } from '../measures';

export type Grain = 'year' | 'quarter' | 'month';

export interface Summary {
  name: string;
  fact: FactDecl;
  grain: Grain;
  /** Base columns kept, by name (county_id, agency_id, action_type...). */
  columns: string[];
  atoms: Atom[];
  /** The fact's entity as seen over the summary table (same alias, the date rebuilt from the grain). */
  entity: EntityDecl;
  /** CREATE TABLE ... AS SELECT ... WITH NO DATA; its hash says when a table must be rebuilt. */
  createSql: string;
  definition: string;
  /** SELECT of the partial aggregates from the base table, to be grouped by `groupBy`. */
  select: string;
  groupBy: string;
  /** The kept column that holds the county: summaries are refreshed per county. */
  countyColumn: string;
}

const CAL_COLUMN: Record<Grain, string[]> = { year: ['cal_year'], quarter: ['cal_year', 'cal_quarter'], month: ['cal_year', 'cal_month'] };
const GRAIN_COVERS: Record<Grain, string[]> = { year: ['year'], quarter: ['year', 'quarter'], month: ['year', 'quarter', 'month'] };

/** Columns of the base alias an SQL fragment reads (`c.agency_id` -> agency_id). */
export function columnsRead(alias: string, text: string): string[] {
  return [...text.matchAll(new RegExp(`(?<![\\w.])${alias}\\.([a-z_][a-z0-9_]*)`, 'g'))].map((m) => m[1]);
}

/** What of the main date an SQL fragment needs: nothing, a calendar part, or the day itself. */
function datePartsRead(text: string): string[] {
  const parts: string[] = [];
  const rest = text.replace(/extract\((year|quarter|month) FROM \{date\}\)/g, (_, part: string) => {
    parts.push(part);
    return '';
  });
  if (rest.includes('{date}')) parts.push('day');
  return parts;
}

function joinText(entity: EntityDecl, joins: string[] | undefined): string {
  return (joins ?? []).map((j) => entity.joins[j] ?? '').join(' ');
}

function derive(fact: FactDecl, decl: SummaryDecl): Summary {
  const base = fact.entity;
  const alias = base.alias;
  if (!base.mainDate || columnsRead(alias, base.mainDate).length !== 1 || base.mainDate !== `${alias}.${columnsRead(alias, base.mainDate)[0]}`) {
    throw new Error(`summary ${decl.name}: the main date of ${base.name} must be a column of its table`);
  }
  const dims = decl.dimensions.map((name) => {
    const d = fact.dimensions.find((x) => x.name === name);
    if (!d) throw new Error(`summary ${decl.name}: ${fact.key} has no dimension ${name}`);
    return d;
  });
  const calendar = dims.filter((d) => (CALENDAR as readonly string[]).includes(d.name)).map((d) => d.name.toLowerCase());
  const grain: Grain = calendar.includes('month') ? 'month' : calendar.includes('quarter') ? 'quarter' : 'year';
  const columns = [...new Set(dims.filter((d) => !calendar.includes(d.name.toLowerCase()))
    .flatMap((d) => columnsRead(alias, `${d.sql} ${joinText(base, d.joins)}`)))];
  const countyColumn = base.countyColumn ? columnsRead(alias, base.countyColumn)[0] : undefined;
  if (!countyColumn || !columns.includes(countyColumn)) throw new Error(`summary ${decl.name} must keep the county (it is refreshed per county)`);
  const atoms = additiveAtoms(fact);

  const calExprs = CAL_COLUMN[grain].map((c) => `extract(${c.slice(4)} FROM ${base.mainDate})::int AS ${c}`);
  const keys = [...columns.map((c) => `${alias}.${c}`), ...calExprs];
  const select = `SELECT ${[...keys, ...atoms.map((a) => `${baseAtomSql(a)} AS a_${a.key}`)].join(', ')}
    FROM "${base.table}" ${alias}`;
  const groupBy = `GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`;
  const createSql = `CREATE TABLE "${decl.name}" AS ${select} ${groupBy} WITH NO DATA`;
  const mainDate = grain === 'month' ? `make_date(${alias}.cal_year, ${alias}.cal_month, 1)`
    : grain === 'quarter' ? `make_date(${alias}.cal_year, ${alias}.cal_quarter * 3 - 2, 1)` : `make_date(${alias}.cal_year, 1, 1)`;
  return {
    name: decl.name, fact, grain, columns, atoms, createSql, select, groupBy, countyColumn,
    definition: createHash('sha256').update(createSql).digest('hex').slice(0, 16),
    entity: { ...base, table: decl.name, mainDate },
  };
}

const derived = new WeakMap<FactDecl, Summary[]>();

/** The summaries of a fact, derived once. */
export function summariesOf(fact: FactDecl): Summary[] {
  let s = derived.get(fact);
  if (!s) derived.set(fact, (s = (fact.summaries ?? []).map((d) => derive(fact, d))));
  return s;
}

/** Whether an SQL fragment (a dimension's, a filter field's, a distinct expression) can be evaluated over the summary. */
function readable(s: Summary, text: string): boolean {
  return columnsRead(s.entity.alias, text).every((c) => s.columns.includes(c))
    && datePartsRead(text).every((p) => GRAIN_COVERS[s.grain].includes(p));
}

export function coversDimension(s: Summary, d: Dimension): boolean {
  return readable(s, `${d.sql} ${joinText(s.fact.entity, d.joins)}`);
}

function coversField(s: Summary, f: FilterField): boolean {
  if (f.kind === 'asOf') return false;
  return readable(s, `${f.sql} ${joinText(s.fact.entity, f.joins)}`);
}

/** Filter fields a filter input names, and/or/not included. */
export function filterFields(filter: unknown, into = new Set<string>()): Set<string> {
  if (!filter || typeof filter !== 'object') return into;
  if (Array.isArray(filter)) {
    filter.forEach((f) => filterFields(f, into));
    return into;
  }
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (key === 'and' || key === 'or' || key === 'not') filterFields(value, into);
    else into.add(key);
  }
  return into;
}

export interface CoverageRequest {
  dimensions: Dimension[];
  filters: unknown[];
  measures: string[];
  percentiles: boolean;
}

export function covers(s: Summary, r: CoverageRequest): boolean {
  if (r.percentiles) return false;
  if (!r.dimensions.every((d) => coversDimension(s, d))) return false;
  const fields = new Set<string>();
  r.filters.forEach((f) => filterFields(f, fields));
  for (const name of fields) {
    const f = s.fact.entity.filters.find((x) => x.name === name);
    if (!f || !coversField(s, f)) return false;
  }
  return r.measures.every((id) => measure(s.fact, id).atoms.every((a) => a.fn !== 'countDistinct' || readable(s, a.expr!)));
}
