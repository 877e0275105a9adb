/**
 * The aggregation engine: a fact declaration plus a request -> one SQL statement.
 * Dimensions, measures, joins and orderings come from the declaration; every value from the
 * request (filter values, percentiles, page bounds) is a bound parameter.
 */
import { BadUserInputError } from '../errors';
import { join, raw, sql, type Sql } from '../db/sql';
import { compileFilter, dateExpr, joinClauses } from '../query/filter-sql';
import type { Dimension, FactDecl } from './fact';

/** Which measures a request needs (from the GraphQL selection, the having clause and the ordering). */
export interface MeasureSet {
  count: boolean;
  /** `${numeric}.${sum|avg|min|max}` */
  aggregates: Set<string>;
  distinct: Set<string>;
  /** Conditional counts and ratios by name. */
  conditional: Set<string>;
  /** Percentile fractions requested, each with the numeric fields asked for. */
  percentiles: Map<number, Set<string>>;
}

export function emptyMeasures(): MeasureSet {
  return { count: false, aggregates: new Set(), distinct: new Set(), conditional: new Set(), percentiles: new Map() };
}

export interface HavingCondition {
  measure: string;
  op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte';
  value: number;
}

export interface StatsOrder {
  /** A measure id (count, fineAmount.sum, distinct.agencies, headAppearanceRate) or a dimension name. */
  by: string;
  direction: 'ASC' | 'DESC';
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
  /** Restrict to these parents (county or agency) and page groups per parent. */
  scope?: { column: string; ids: number[] };
}

const OPS: Record<HavingCondition['op'], string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** Column alias of a measure in the statement: derived from declaration names only. */
export function measureColumn(id: string, prefix = 'm'): string {
  return `${prefix}_${id.replace(/\./g, '_')}`;
}

function percentileColumn(index: number, field: string, prefix = 'm'): string {
  return `${prefix}_pct${index}_${field}`;
}

function dimSql(fact: FactDecl, d: Dimension, shift: number): string {
  return d.sql.replaceAll('{date}', dateExpr(fact.entity, shift));
}

function measureExprs(fact: FactDecl, m: MeasureSet, pct: number[], prefix: string): Sql[] {
  const out: Sql[] = [];
  const col = (id: string) => `"${measureColumn(id, prefix)}"`;
  const custom = (id: string) => fact.measureSql?.[id];
  if (m.count) out.push(raw(`${custom('count') ?? 'count(*)'} AS ${col('count')}`));
  for (const id of m.aggregates) {
    const [name, agg] = id.split('.');
    const field = fact.numeric.find((n) => n.name === name)!;
    out.push(raw(`${custom(id) ?? `${agg}(${field.sql})`} AS ${col(id)}`));
  }
  for (const name of m.distinct) {
    const field = fact.distinct.find((d) => d.name === name)!;
    out.push(raw(`${custom(`distinct.${name}`) ?? `count(DISTINCT ${field.sql})`} AS ${col(`distinct.${name}`)}`));
  }
  for (const name of m.conditional) {
    if (custom(name)) {
      out.push(raw(`${custom(name)} AS ${col(name)}`));
      continue;
    }
    const plain = fact.conditional.find((c) => c.name === name);
    if (plain) {
      out.push(raw(`count(*) FILTER (WHERE ${plain.condition}) AS ${col(name)}`));
      continue;
    }
    const owner = fact.conditional.find((c) => c.ratio?.name === name)!;
    const denominator = owner.ratio!.denominator ? `count(*) FILTER (WHERE ${owner.ratio!.denominator})` : 'count(*)';
    out.push(raw(`(count(*) FILTER (WHERE ${owner.condition}))::float8 / NULLIF(${denominator}, 0) AS ${col(name)}`));
  }
  for (const [p, fields] of m.percentiles) {
    const index = pct.indexOf(p);
    for (const f of fields) {
      const field = fact.numeric.find((n) => n.name === f)!;
      out.push(sql`percentile_cont(${p}::float8) WITHIN GROUP (ORDER BY ${raw(field.sql)}) AS ${raw(`"${percentileColumn(index, f, prefix)}"`)}`);
    }
  }
  return out;
}

function grouped(fact: FactDecl, q: StatsQuery, measures: MeasureSet, pct: number[], shift: number, prefix: string, withHaving: boolean): Sql {
  const filter = compileFilter(fact.entity, q.filter, { argument: 'filter', allowPersonal: q.allowPersonal, shiftYears: shift });
  const joins = new Set(filter.joins);
  for (const d of q.groupBy) for (const j of d.joins ?? []) joins.add(j);
  if (shift) for (const j of fact.dimensions.find((d) => d.name === 'YEAR')?.joins ?? []) joins.add(j);
  const keys: Sql[] = [];
  if (q.scope) keys.push(raw(`${q.scope.column} AS __parent`));
  q.groupBy.forEach((d, i) => keys.push(raw(`${dimSql(fact, d, shift)} AS d${i}`)));
  const where: Sql[] = [];
  if (!filter.where.isEmpty) where.push(filter.where);
  if (q.scope) where.push(sql`${raw(q.scope.column)} = ANY(${q.scope.ids}::int[])`);
  const having = withHaving && q.having.length
    ? sql`HAVING ${join(q.having.map((h) => sql`${raw(havingExpr(fact, h.measure))} ${raw(OPS[h.op])} ${h.value}`), ' AND ')}`
    : sql``;
  const groupCount = keys.length;
  const select = [...keys, ...measureExprs(fact, measures, pct, prefix)];
  return sql`SELECT ${join(select.length ? select : [raw('1 AS __one')])}
    FROM ${raw(`"${fact.entity.table}" ${fact.entity.alias}`)} ${joinClauses(fact.entity, joins)}
    ${where.length ? sql`WHERE ${join(where, ' AND ')}` : sql``}
    ${groupCount ? raw(`GROUP BY ${Array.from({ length: groupCount }, (_, i) => i + 1).join(', ')}`) : sql``}
    ${having}`;
}

/** HAVING needs the aggregate expression itself (output aliases are not visible there). */
function havingExpr(fact: FactDecl, id: string): string {
  const m = emptyMeasures();
  if (id === 'count') m.count = true;
  else if (id.startsWith('distinct.')) m.distinct.add(id.slice(9));
  else if (id.includes('.')) m.aggregates.add(id);
  else m.conditional.add(id);
  const text = measureExprs(fact, m, [], 'h')[0].compile().text;
  return text.slice(0, text.lastIndexOf(' AS '));
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

/**
 * The whole statement: current groups, optional previous-year groups, ranking and paging.
 * The first group of each partition always comes back too: it carries the group count even
 * when the page is past the end.
 */
export function statsSql(fact: FactDecl, q: StatsQuery): Sql {
  const pct = [...new Set([...q.measures.percentiles.keys(), ...(q.previousYear?.percentiles.keys() ?? [])])];
  const ctes = [sql`cur AS (${grouped(fact, q, q.measures, pct, 0, 'm', true)})`];
  const yearIndex = q.groupBy.findIndex((d) => d.name === 'YEAR');
  let prevSelect = sql``;
  let prevJoin = sql``;
  if (q.previousYear) {
    if (yearIndex < 0) throw new BadUserInputError('previousYear needs YEAR among the groupBy dimensions', 'groupBy');
    // The same filter evaluated one year later: a group for year Y meets the rows of Y-1.
    ctes.push(sql`prev AS (${grouped(fact, q, q.previousYear, pct, 1, 'p', false)})`);
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

export { percentileColumn };
