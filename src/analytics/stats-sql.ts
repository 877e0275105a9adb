/**
 * The aggregation engine's SQL: a fact (over its base table or one of its summaries) plus a
 * request -> one statement. Dimensions, measures, joins and orderings come from the
 * declarations; every value from the request (filter values, percentiles, page bounds) is a
 * bound parameter.
 */
import { BadUserInputError } from '../errors';
import { join, raw, sql, type Sql } from '../db/sql';
import type { EntityDecl } from '../query/declaration';
import { compileFilter, dateExpr, joinClauses } from '../query/filter-sql';
import type { Dimension, FactDecl } from './fact';
import { baseAtomSql, measure, summaryAtomSql } from './measures';
import type { Summary } from './summaries/summary';

/** Which measures a request needs (from the GraphQL selection, the having clause and the ordering). */
export interface MeasureSet {
  /** Measure ids of the fact's catalogue (count, fineAmount.sum, distinct.agencies, leniencyRate...). */
  ids: Set<string>;
  /** Percentile fractions requested, each with the numeric fields asked for. */
  percentiles: Map<number, Set<string>>;
}

export function emptyMeasures(): MeasureSet {
  return { ids: new Set(['count']), percentiles: new Map() };
}

export interface HavingCondition {
  measure: string;
  op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
  value: number;
}

export interface StatsOrder {
  /** A measure id or a dimension name. */
  by: string;
  direction: 'ASC' | 'DESC';
}

/** A measure over its own subset of the rows (reconciliation and comparison: one column per figure). */
export interface FilteredMeasure {
  column: string;
  measure: string;
  filter: unknown;
}

export interface StatsQuery {
  groupBy: Dimension[];
  filter: unknown;
  allowPersonal: boolean;
  having: HavingCondition[];
  order: StatsOrder[];
  offset: number;
  limit: number;
  measures: MeasureSet;
  /** Previous-year measures, when YEAR is grouped and they are asked for. */
  previousYear: MeasureSet | null;
  /** Restrict to these parents (county, agency, township, task force) and page groups per parent. */
  scope?: { dimension: Dimension; ids: number[] };
  filtered?: FilteredMeasure[];
}

/** Where the rows come from: the fact's table, or a summary that covers the request. */
export interface Source {
  fact: FactDecl;
  entity: EntityDecl;
  summary: Summary | null;
}

const OPS: Record<HavingCondition['op'], string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const HOLE = '\u0000filter\u0000';

/** Column alias of a measure in the statement: derived from declaration names only. */
export function measureColumn(id: string, prefix = 'm'): string {
  return `${prefix}_${id.replace(/\./g, '_')}`;
}

export function percentileColumn(index: number, field: string, prefix = 'm'): string {
  return `${prefix}_pct${index}_${field}`;
}

function dimSql(src: Source, d: Dimension, shift: number): string {
  return d.sql.replaceAll('{date}', dateExpr(src.entity, shift));
}

/** A measure's SQL, optionally restricted to rows where `filter` holds. */
function measureSql(src: Source, id: string, filter?: Sql): Sql {
  const m = measure(src.fact, id);
  const hole = filter ? HOLE : undefined;
  const text = m.combine(m.atoms.map((a) => (src.summary ? summaryAtomSql(a, src.entity.alias, hole) : baseAtomSql(a, hole))));
  if (!filter) return raw(text);
  // The filter's SQL (with its parameters) goes where each atom left a hole for it.
  const pieces = text.split(HOLE);
  return pieces.slice(1).reduce((acc, piece) => sql`${acc}${filter}${raw(piece)}`, raw(pieces[0]));
}

function measureExprs(src: Source, m: MeasureSet, pct: number[], prefix: string): Sql[] {
  const out: Sql[] = [...m.ids].map((id) => sql`${measureSql(src, id)} AS ${raw(`"${measureColumn(id, prefix)}"`)}`);
  for (const [p, fields] of m.percentiles) {
    const index = pct.indexOf(p);
    for (const f of fields) {
      const field = src.fact.numeric.find((n) => n.name === f)!;
      out.push(sql`percentile_cont(${p}::float8) WITHIN GROUP (ORDER BY ${raw(field.sql)}) AS ${raw(`"${percentileColumn(index, f, prefix)}"`)}`);
    }
  }
  return out;
}

function grouped(src: Source, q: StatsQuery, measures: MeasureSet, pct: number[], shift: number, prefix: string, withHaving: boolean): Sql {
  const opts = { argument: 'filter', allowPersonal: q.allowPersonal, shiftYears: shift };
  const filter = compileFilter(src.entity, q.filter, opts);
  const joins = new Set(filter.joins);
  for (const d of q.groupBy) for (const j of d.joins ?? []) joins.add(j);
  if (q.scope) for (const j of q.scope.dimension.joins ?? []) joins.add(j);
  if (shift) for (const j of src.fact.dimensions.find((d) => d.name === 'YEAR')?.joins ?? []) joins.add(j);
  const keys: Sql[] = [];
  if (q.scope) keys.push(raw(`${dimSql(src, q.scope.dimension, shift)} AS __parent`));
  q.groupBy.forEach((d, i) => keys.push(raw(`${dimSql(src, d, shift)} AS d${i}`)));
  const select = [...keys, ...measureExprs(src, measures, pct, prefix)];
  for (const [i, f] of (shift ? [] : q.filtered ?? []).entries()) {
    const own = compileFilter(src.entity, f.filter, { ...opts, argument: `filtered[${i}]` });
    own.joins.forEach((j) => joins.add(j));
    select.push(sql`${measureSql(src, f.measure, own.where.isEmpty ? raw('TRUE') : own.where)} AS ${raw(`"${f.column}"`)}`);
  }
  const where: Sql[] = [];
  if (!filter.where.isEmpty) where.push(filter.where);
  if (q.scope) where.push(sql`${raw(dimSql(src, q.scope.dimension, shift))} = ANY(${q.scope.ids}::int[])`);
  const having = withHaving && q.having.length
    ? sql`HAVING ${join(q.having.map((h) => sql`${measureSql(src, h.measure)} ${raw(OPS[h.op])} ${h.value}`), ' AND ')}`
    : sql``;
  return sql`SELECT ${join(select)}
    FROM ${raw(`"${src.entity.table}" ${src.entity.alias}`)} ${joinClauses(src.entity, joins)}
    ${where.length ? sql`WHERE ${join(where, ' AND ')}` : sql``}
    ${keys.length ? raw(`GROUP BY ${keys.map((_, i) => i + 1).join(', ')}`) : sql``}
    ${having}`;
}

function orderSql(q: StatsQuery): string {
  const parts = q.order.map((o) => {
    const dim = q.groupBy.findIndex((d) => d.name === o.by);
    const col = dim >= 0 ? `cur.d${dim}` : `cur."${measureColumn(o.by)}"`;
    return `${col} ${o.direction} NULLS LAST`;
  });
  // Ties are broken by every group key, so paging is stable.
  q.groupBy.forEach((_, i) => parts.push(`cur.d${i} ASC NULLS LAST`));
  return parts.length ? parts.join(', ') : '1';
}

export function percentileList(q: StatsQuery): number[] {
  return [...new Set([...q.measures.percentiles.keys(), ...(q.previousYear?.percentiles.keys() ?? [])])];
}

/**
 * The whole statement: current groups, optional previous-year groups, ranking and paging.
 * The first group of each partition always comes back too: it carries the group count even
 * when the page is past the end.
 */
export function statsSql(src: Source, q: StatsQuery): Sql {
  const pct = percentileList(q);
  const ctes = [sql`cur AS (${grouped(src, q, q.measures, pct, 0, 'm', true)})`];
  let prevSelect = sql``;
  let prevJoin = sql``;
  if (q.previousYear) {
    if (!q.groupBy.some((d) => d.name === 'YEAR')) throw new BadUserInputError('previousYear needs YEAR among the groupBy dimensions', 'groupBy');
    // The same filter evaluated one year later: a group for year Y meets the rows of Y-1.
    ctes.push(sql`prev AS (${grouped(src, q, q.previousYear, pct, 1, 'p', false)})`);
    const on = [
      ...(q.scope ? [raw('prev.__parent = cur.__parent')] : []),
      ...q.groupBy.map((_, i) => raw(`prev.d${i} IS NOT DISTINCT FROM cur.d${i}`)),
    ];
    prevJoin = sql`LEFT JOIN prev ON ${join(on, ' AND ')}`;
    prevSelect = sql`, to_jsonb(prev) AS __prev`;
  }
  const partition = q.scope ? 'PARTITION BY cur.__parent ' : '';
  return sql`WITH ${join(ctes)},
    ranked AS (
      SELECT cur.*${prevSelect},
             row_number() OVER (${raw(partition)}ORDER BY ${raw(orderSql(q))}) AS __rn,
             count(*) OVER (${raw(partition.trim())}) AS __total
        FROM cur ${prevJoin})
    SELECT * FROM ranked WHERE (__rn > ${q.offset} AND __rn <= ${q.offset + q.limit + 1}) OR __rn = 1
    ORDER BY ${raw(q.scope ? '__parent, ' : '')}__rn`;
}
