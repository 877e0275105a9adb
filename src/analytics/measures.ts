/**
 * Typed measures, derived from a fact's numeric, distinct and conditional declarations. Each
 * measure is a combination of aggregate atoms; an atom knows how it is computed from the base
 * table and how it re-aggregates from a summary table's partial column (count -> sum, sum ->
 * sum, min -> min, avg -> Σsum/Σn, ratio -> Σ/Σ). Distinct counts re-aggregate only where the
 * summary keeps the counted column; percentiles only from the base table.
 */
import type { FactDecl } from './fact';

export type MeasureKind = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'countDistinct' | 'countIf' | 'ratio';

/** The aggregates of every numeric field, in the order the API lists them. */
export const NUMERIC_AGGREGATES = ['sum', 'avg', 'min', 'max'] as const;
export type NumericAggregate = (typeof NUMERIC_AGGREGATES)[number];

export function isNumericAggregate(name: string): name is NumericAggregate {
  return (NUMERIC_AGGREGATES as readonly string[]).includes(name);
}

/**
 * What a measure id names. Ids are the one spelling of a measure (catalogue keys, having and
 * ordering targets, column aliases), so they are built and read only here: `fineAmount.sum`,
 * `distinct.agencies`, and the rest by their own name (count, conditional counts, ratios).
 */
export type MeasureRef =
  | { kind: 'numeric'; field: string; aggregate: NumericAggregate }
  | { kind: 'distinct'; name: string }
  | { kind: 'named'; name: string };

const DISTINCT = 'distinct.';

export const numericMeasureId = (field: string, aggregate: NumericAggregate) => `${field}.${aggregate}`;
export const distinctMeasureId = (name: string) => `${DISTINCT}${name}`;

export function parseMeasureId(id: string): MeasureRef {
  if (id.startsWith(DISTINCT)) return { kind: 'distinct', name: id.slice(DISTINCT.length) };
  const dot = id.lastIndexOf('.');
  const aggregate = id.slice(dot + 1);
  if (dot > 0 && isNumericAggregate(aggregate)) return { kind: 'numeric', field: id.slice(0, dot), aggregate };
  return { kind: 'named', name: id };
}

export interface Atom {
  /** Stable name, also the summary's partial column (a_<key>). */
  key: string;
  fn: 'count' | 'countIf' | 'countNonNull' | 'sum' | 'min' | 'max' | 'countDistinct';
  /** The aggregated expression (sum, min, max, countNonNull, countDistinct). */
  expr?: string;
  /** The rows counted (countIf). */
  condition?: string;
}

export interface Measure {
  /** count, fineAmount.sum, distinct.agencies, lenient, leniencyRate... */
  id: string;
  kind: MeasureKind;
  atoms: Atom[];
  /** SQL of the value from the SQL of its atoms. */
  combine(atoms: string[]): string;
}

const first = (a: string[]) => a[0];
/** Partial columns are SQL identifiers: snake_case of the declared names. */
const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const COUNT: Atom = { key: 'n', fn: 'count' };

function build(fact: FactDecl): Map<string, Measure> {
  const out: Measure[] = [{ id: 'count', kind: 'count', atoms: [COUNT], combine: first }];
  for (const n of fact.numeric) {
    const sum: Atom = { key: `sum_${snake(n.name)}`, fn: 'sum', expr: n.sql };
    const nonNull: Atom = { key: `n_${snake(n.name)}`, fn: 'countNonNull', expr: n.sql };
    out.push(
      { id: numericMeasureId(n.name, 'sum'), kind: 'sum', atoms: [sum], combine: first },
      { id: numericMeasureId(n.name, 'min'), kind: 'min', atoms: [{ key: `min_${snake(n.name)}`, fn: 'min', expr: n.sql }], combine: first },
      { id: numericMeasureId(n.name, 'max'), kind: 'max', atoms: [{ key: `max_${snake(n.name)}`, fn: 'max', expr: n.sql }], combine: first },
      // Null values are ignored, as avg() does: Σx / count(x).
      { id: numericMeasureId(n.name, 'avg'), kind: 'avg', atoms: [sum, nonNull], combine: ([s, c]) => `(${s})::numeric / NULLIF(${c}, 0)` },
    );
  }
  for (const d of fact.distinct) {
    out.push({ id: distinctMeasureId(d.name), kind: 'countDistinct', atoms: [{ key: `distinct_${snake(d.name)}`, fn: 'countDistinct', expr: d.sql }], combine: first });
  }
  for (const c of fact.conditional) {
    const hit: Atom = { key: `if_${snake(c.name)}`, fn: 'countIf', condition: c.condition };
    out.push({ id: c.name, kind: 'countIf', atoms: [hit], combine: first });
    if (c.ratio) {
      const denominator: Atom = c.ratio.denominator ? { key: `if_${snake(c.ratio.name)}_of`, fn: 'countIf', condition: c.ratio.denominator } : COUNT;
      out.push({ id: c.ratio.name, kind: 'ratio', atoms: [hit, denominator], combine: ([a, b]) => `(${a})::float8 / NULLIF(${b}, 0)` });
    }
  }
  return new Map(out.map((m) => [m.id, m]));
}

const catalogs = new WeakMap<FactDecl, Map<string, Measure>>();

/** Every measure of a fact, by id. */
export function measuresOf(fact: FactDecl): Map<string, Measure> {
  let c = catalogs.get(fact);
  if (!c) catalogs.set(fact, (c = build(fact)));
  return c;
}

export function measure(fact: FactDecl, id: string): Measure {
  const m = measuresOf(fact).get(id);
  if (!m) throw new Error(`${fact.key} has no measure ${id}`);
  return m;
}

/** Atoms a summary stores as partial columns: every re-aggregable atom of every measure. */
export function additiveAtoms(fact: FactDecl): Atom[] {
  const seen = new Map<string, Atom>();
  for (const m of measuresOf(fact).values()) for (const a of m.atoms) if (a.fn !== 'countDistinct') seen.set(a.key, a);
  return [...seen.values()];
}

const where = (conds: string[]) => (conds.length ? ` FILTER (WHERE ${conds.map((c) => `(${c})`).join(' AND ')})` : '');

/** An atom over the base table, restricted to rows where `filter` holds (when given). */
export function baseAtomSql(a: Atom, filter?: string): string {
  const extra = filter ? [filter] : [];
  switch (a.fn) {
    case 'count': return `count(*)${where(extra)}`;
    case 'countIf': return `count(*)${where([a.condition!, ...extra])}`;
    case 'countNonNull': return `count(${a.expr})${where(extra)}`;
    case 'countDistinct': return `count(DISTINCT ${a.expr})${where(extra)}`;
    default: return `${a.fn}(${a.expr})${where(extra)}`;
  }
}

/** An atom re-aggregated from a summary's partial column (alias.a_<key>). Counts of no rows are 0, as on the base table. */
export function summaryAtomSql(a: Atom, alias: string, filter?: string): string {
  const col = `${alias}.a_${a.key}`;
  const extra = filter ? [filter] : [];
  switch (a.fn) {
    case 'count': case 'countIf': case 'countNonNull': return `COALESCE(sum(${col})${where(extra)}, 0)`;
    case 'sum': return `sum(${col})${where(extra)}`;
    case 'min': case 'max': return `${a.fn}(${col})${where(extra)}`;
    case 'countDistinct': return `count(DISTINCT ${a.expr})${where(extra)}`;
  }
}
