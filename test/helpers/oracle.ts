/**
 * An independent oracle for the `…Stats` fields: raw rows read with one plain SELECT per fact
 * (the base table and its joins, projecting each declared expression per row), and every
 * aggregate (grouping, count, sum/avg/min/max, distinct counts, conditional counts, ratios,
 * percentiles) computed here in TypeScript. Nothing of the engine's SQL or code is used: the
 * declarations are only read for their names and per-row expressions.
 *
 * The declaration shapes below are structural on purpose: they state the fields the oracle
 * relies on, so a refactor of the engine's types does not need this file to change.
 */
import type { TestApp } from './harness';

export interface OracleDimension {
  name: string;
  field: string;
  sql: string;
  joins?: string[];
  key: { kind: string; entity?: { name: string }; enumType?: object };
}

export interface OracleFilter {
  name: string;
  kind: string;
  sql: string;
  joins?: string[];
  idType?: string;
  enumType?: object;
  lookup?: string;
  personal?: boolean;
}

export interface OracleEntity {
  name: string;
  table: string;
  alias: string;
  joins: Record<string, string>;
  mainDate?: string;
  countyColumn?: string;
  filters: OracleFilter[];
}

export interface OracleFact {
  key: string;
  typeName: string;
  field: string;
  entity: OracleEntity;
  dimensions: OracleDimension[];
  numeric: { name: string; sql: string; kind: string }[];
  distinct: { name: string; sql: string }[];
  conditional: { name: string; condition: string; ratio?: { name: string; denominator?: string } }[];
}

// ---------------------------------------------------------------------------------------------
// Measures and filters a fact offers, derived from its declaration.

export type MeasureKind = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'percentile' | 'distinct' | 'conditional' | 'ratio';

export interface Measure {
  /** count, sum.fineAmount, percentile.fineAmount, distinctCount.agencies, fined, leniencyRate… */
  id: string;
  kind: MeasureKind;
  /** Index into numeric, distinct or conditional. */
  index: number;
  /** Field name within its container (sum { fineAmount }) or at the group (fined). */
  name: string;
  money: boolean;
}

export function measuresOf(fact: OracleFact): Measure[] {
  const out: Measure[] = [{ id: 'count', kind: 'count', index: -1, name: 'count', money: false }];
  fact.numeric.forEach((n, index) => {
    for (const kind of ['sum', 'avg', 'min', 'max', 'percentile'] as const) {
      out.push({ id: `${kind}.${n.name}`, kind, index, name: n.name, money: n.kind === 'money' });
    }
  });
  fact.distinct.forEach((d, index) => out.push({ id: `distinctCount.${d.name}`, kind: 'distinct', index, name: d.name, money: false }));
  fact.conditional.forEach((c, index) => {
    out.push({ id: c.name, kind: 'conditional', index, name: c.name, money: false });
    if (c.ratio) out.push({ id: c.ratio.name, kind: 'ratio', index, name: c.ratio.name, money: false });
  });
  return out;
}

const FILTERABLE_KINDS = new Set(['id', 'int', 'enum', 'bool']);

/** Filter fields a random simple filter can use: references, whole numbers, enums, booleans (not the row id). */
export function filtersOf(fact: OracleFact): OracleFilter[] {
  return fact.entity.filters.filter((f) => FILTERABLE_KINDS.has(f.kind) && f.name !== 'id' && !f.lookup && !f.personal && (f.kind !== 'id' || !!f.idType));
}

/** Scopes a fact has: the root, and one per parent type (a node-keyed dimension: County, Agency, Township, TaskForce…). */
export interface Scope {
  /** 'root' or the parent's GraphQL type. */
  name: string;
  /** The node dimension holding the parent's id (absent for the root). */
  dimension?: OracleDimension;
}

export function scopesOf(fact: OracleFact, parentTypes: string[]): Scope[] {
  const scopes: Scope[] = [{ name: 'root' }];
  for (const d of fact.dimensions) {
    const type = d.key.kind === 'node' ? d.key.entity?.name : undefined;
    if (type && parentTypes.includes(type)) scopes.push({ name: type, dimension: d });
  }
  return scopes;
}

// ---------------------------------------------------------------------------------------------
// Global IDs (Relay: base64url of "Type:key"), written here rather than imported.

export function globalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export function decodeGlobalId(id: unknown): { type: string; key: number } | null {
  if (typeof id !== 'string') return null;
  const text = Buffer.from(id, 'base64url').toString('utf8');
  const m = /^([A-Za-z]+):(\d+)$/.exec(text);
  return m ? { type: m[1], key: Number(m[2]) } : null;
}

// ---------------------------------------------------------------------------------------------
// Raw rows.

export type Key = string | number | boolean | null;

export interface RawRow {
  id: number;
  /** Dimension values, in fact.dimensions order (node ids and ints as numbers, enums as their GraphQL names). */
  d: Key[];
  /** Numeric values in fen or units, null when NULL. */
  n: (number | null)[];
  /** Distinct-count values (canonical strings), null when NULL. */
  x: (string | null)[];
  /** Conditional counts' conditions (only `true` counts). */
  c: boolean[];
  /** Ratio denominators (true when the ratio has none: all rows). */
  r: boolean[];
  /** Values of filtersOf(fact), canonical (ids as numbers, enums as GraphQL names). */
  f: Key[];
}

export interface RawTable {
  fact: OracleFact;
  filters: OracleFilter[];
  rows: RawRow[];
  sql: string;
}

function enumName(enumType: object | undefined, value: unknown): string {
  if (enumType) {
    for (const [k, v] of Object.entries(enumType)) if (v === value) return k;
  }
  return String(value);
}

/** One value in the form the API shows it (and the filter takes it). */
export function canonical(kind: string, value: unknown, enumType?: object): Key {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'node':
    case 'id':
    case 'int': {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw new Error(`oracle: ${String(value)} is not an integer key`);
      return n;
    }
    case 'enum':
      return enumName(enumType, value);
    case 'bool':
      return Boolean(value);
    default:
      if (value instanceof Date) return value.toISOString().slice(0, 10);
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
      return String(value);
  }
}

function numberOrNull(value: unknown, what: string): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`oracle: ${what} = ${String(value)} is not a number`);
  if (!Number.isSafeInteger(n) && Number.isInteger(n)) throw new Error(`oracle: ${what} = ${String(value)} is beyond exact integers`);
  return n;
}

/** The plain SELECT behind a fact's raw rows: base table, the joins its expressions need (as LEFT JOINs), one column per expression. */
export function rawSql(fact: OracleFact, filters: OracleFilter[] = filtersOf(fact)): string {
  const e = fact.entity;
  const sub = (s: string) => (e.mainDate ? s.replaceAll('{date}', e.mainDate) : s);
  const cols: string[] = [`${e.alias}.id AS id`];
  fact.dimensions.forEach((d, i) => cols.push(`${sub(d.sql)} AS d${i}`));
  fact.numeric.forEach((n, i) => cols.push(`${sub(n.sql)} AS n${i}`));
  fact.distinct.forEach((x, i) => cols.push(`${sub(x.sql)} AS x${i}`));
  fact.conditional.forEach((c, i) => {
    cols.push(`(${sub(c.condition)}) AS c${i}`);
    cols.push(c.ratio?.denominator ? `(${sub(c.ratio.denominator)}) AS r${i}` : `true AS r${i}`);
  });
  filters.forEach((f, i) => cols.push(`${sub(f.sql)} AS f${i}`));

  // Joins: those named by dimensions and filters, and any whose alias an expression (or an included join) mentions.
  const names = Object.keys(e.joins);
  const aliasOf = (clause: string) => /JOIN\s+("?[\w.]+"?)\s+(?:AS\s+)?(\w+)\s+ON\b/i.exec(clause)?.[2];
  const needed = new Set<string>([...fact.dimensions.flatMap((d) => d.joins ?? []), ...filters.flatMap((f) => f.joins ?? [])]);
  const text = () => [...cols, ...[...needed].map((n) => e.joins[n] ?? '')].join(' ');
  for (let changed = true; changed;) {
    changed = false;
    for (const n of names) {
      const alias = aliasOf(e.joins[n]);
      if (!needed.has(n) && alias && new RegExp(`\\b${alias}\\.`).test(text())) {
        needed.add(n);
        changed = true;
      }
    }
  }
  for (const n of needed) if (!(n in e.joins)) throw new Error(`oracle: ${fact.key} names join ${n}, which ${e.name} does not declare`);
  // A dimension over a nullable reference must not lose rows: NULL is a group of its own.
  const joins = names.filter((n) => needed.has(n)).map((n) => e.joins[n].replace(/^\s*(INNER\s+)?JOIN\b/i, 'LEFT JOIN'));
  return `SELECT ${cols.join(', ')} FROM "${e.table}" ${e.alias} ${joins.join(' ')}`;
}

/** Reads every row of the fact's table (checking that the joins neither add nor drop rows). */
export async function loadRaw(app: TestApp, fact: OracleFact): Promise<RawTable> {
  const filters = filtersOf(fact);
  const sql = rawSql(fact, filters);
  const [rows, [{ n }]] = await Promise.all([
    app.sql(sql),
    app.sql<{ n: string }>(`SELECT count(*) AS n FROM "${fact.entity.table}"`),
  ]);
  if (rows.length !== Number(n)) throw new Error(`oracle: ${fact.key}: the raw SELECT returned ${rows.length} rows for ${n} in ${fact.entity.table} (a join multiplies or drops rows): ${sql}`);
  return {
    fact,
    filters,
    sql,
    rows: rows.map((row) => ({
      id: Number(row.id),
      d: fact.dimensions.map((d, i) => canonical(d.key.kind, row[`d${i}`], d.key.enumType)),
      n: fact.numeric.map((x, i) => numberOrNull(row[`n${i}`], `${fact.key}.${x.name}`)),
      x: fact.distinct.map((_, i) => {
        const v = row[`x${i}`];
        return v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);
      }),
      c: fact.conditional.map((_, i) => row[`c${i}`] === true),
      r: fact.conditional.map((_, i) => row[`r${i}`] === true),
      f: filters.map((f, i) => canonical(f.kind, row[`f${i}`], f.enumType)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// A case and its expected answer.

export interface FilterSpec {
  field: string;
  op: 'eq' | 'in';
  /** Canonical values (ids as numbers, enums as names). */
  values: Key[];
}

export interface Case {
  groupBy: string[];
  /** Measure ids (measuresOf). */
  measures: string[];
  /** Fraction for percentile measures. */
  p: number;
  filter: FilterSpec | null;
}

export interface Group {
  keys: Key[];
  /** Aligned with the case's measures: counts and units as numbers, money in fen (unrounded for avg/percentile). */
  values: (number | null)[];
}

/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks, in float8. */
export function percentileCont(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  if (lo === hi) return sorted[lo];
  const a = sorted[lo];
  const b = sorted[hi];
  return a + (b - a) * (pos - lo);
}

export function keyString(keys: Key[]): string {
  return JSON.stringify(keys);
}

interface Acc {
  keys: Key[];
  count: number;
  sum: number[];
  nn: number[];
  min: (number | null)[];
  max: (number | null)[];
  vals: number[][];
  distinct: Set<string>[];
  cond: number[];
  den: number[];
}

export function filterRows(table: RawTable, filter: FilterSpec | null, scope?: { dimension: number; parent: number }): RawRow[] {
  let fi = -1;
  if (filter) {
    fi = table.filters.findIndex((f) => f.name === filter.field);
    if (fi < 0) throw new Error(`oracle: no filter ${filter.field}`);
  }
  return table.rows.filter((row) => {
    if (scope && row.d[scope.dimension] !== scope.parent) return false;
    if (filter) {
      const v = row.f[fi];
      if (v === null || !filter.values.includes(v)) return false;
    }
    return true;
  });
}

/** The groups a case should return, by key string. No groupBy: one total group, even over no rows. */
export function expectedGroups(table: RawTable, c: Case, rows: RawRow[]): Map<string, Group> {
  const { fact } = table;
  const dims = c.groupBy.map((name) => {
    const i = fact.dimensions.findIndex((d) => d.name === name);
    if (i < 0) throw new Error(`oracle: ${fact.key} has no dimension ${name}`);
    return i;
  });
  const all = measuresOf(fact);
  const measures = c.measures.map((id) => {
    const m = all.find((x) => x.id === id);
    if (!m) throw new Error(`oracle: ${fact.key} has no measure ${id}`);
    return m;
  });
  const wantVals = new Set(measures.filter((m) => m.kind === 'percentile').map((m) => m.index));
  const nNum = fact.numeric.length;
  const accs = new Map<string, Acc>();
  const acc = (keys: Key[]): Acc => {
    const k = keyString(keys);
    let a = accs.get(k);
    if (!a) {
      a = {
        keys, count: 0, sum: new Array(nNum).fill(0), nn: new Array(nNum).fill(0), min: new Array(nNum).fill(null), max: new Array(nNum).fill(null),
        vals: fact.numeric.map(() => []), distinct: fact.distinct.map(() => new Set<string>()), cond: fact.conditional.map(() => 0), den: fact.conditional.map(() => 0),
      };
      accs.set(k, a);
    }
    return a;
  };
  if (dims.length === 0) acc([]);
  for (const row of rows) {
    const a = acc(dims.map((i) => row.d[i]));
    a.count += 1;
    for (let i = 0; i < nNum; i++) {
      const v = row.n[i];
      if (v === null) continue;
      a.sum[i] += v;
      a.nn[i] += 1;
      a.min[i] = a.min[i] === null || v < a.min[i]! ? v : a.min[i];
      a.max[i] = a.max[i] === null || v > a.max[i]! ? v : a.max[i];
      if (wantVals.has(i)) a.vals[i].push(v);
    }
    row.x.forEach((v, i) => v !== null && a.distinct[i].add(v));
    for (let i = 0; i < row.c.length; i++) {
      if (row.c[i]) a.cond[i] += 1;
      if (row.r[i]) a.den[i] += 1;
    }
  }
  const out = new Map<string, Group>();
  for (const [k, a] of accs) {
    for (const i of wantVals) a.vals[i].sort((x, y) => x - y);
    const values = measures.map((m): number | null => {
      switch (m.kind) {
        case 'count': return a.count;
        case 'sum':
          if (a.nn[m.index] && !Number.isSafeInteger(a.sum[m.index]) && Number.isInteger(a.sum[m.index])) throw new Error('oracle: sum beyond exact integers');
          return a.nn[m.index] ? a.sum[m.index] : null;
        case 'avg': return a.nn[m.index] ? a.sum[m.index] / a.nn[m.index] : null;
        case 'min': return a.min[m.index];
        case 'max': return a.max[m.index];
        case 'percentile': return percentileCont(a.vals[m.index], c.p);
        case 'distinct': return a.distinct[m.index].size;
        case 'conditional': return a.cond[m.index];
        case 'ratio': return a.den[m.index] === 0 ? null : a.cond[m.index] / a.den[m.index];
      }
    });
    out.set(k, { keys: a.keys, values });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GraphQL text of a case, and reading the API's groups back.

function literal(f: OracleFilter, v: Key): string {
  if (f.kind === 'id') return JSON.stringify(globalId(f.idType!, v as number));
  if (f.kind === 'enum') return String(v);
  return JSON.stringify(v);
}

export function filterLiteral(table: RawTable, filter: FilterSpec): string {
  const f = table.filters.find((x) => x.name === filter.field)!;
  return filter.op === 'eq'
    ? `{ ${f.name}: { eq: ${literal(f, filter.values[0])} } }`
    : `{ ${f.name}: { in: [${filter.values.map((v) => literal(f, v)).join(', ')}] } }`;
}

/** The stats field's arguments (without paging). */
export function statsArgs(table: RawTable, c: Case): string {
  const parts = [`groupBy: [${c.groupBy.join(', ')}]`];
  if (c.filter) parts.push(`filter: ${filterLiteral(table, c.filter)}`);
  return parts.join(', ');
}

/** The selection of one group: its keys (node keys as { id }) and the measures of the case. */
export function groupSelection(fact: OracleFact, c: Case): string {
  const parts: string[] = [];
  for (const name of c.groupBy) {
    const d = fact.dimensions.find((x) => x.name === name)!;
    parts.push(d.key.kind === 'node' ? `${d.field} { id }` : d.field);
  }
  const containers = new Map<string, string[]>();
  const all = measuresOf(fact);
  for (const id of c.measures) {
    const m = all.find((x) => x.id === id)!;
    if (m.kind === 'count' || m.kind === 'conditional' || m.kind === 'ratio') {
      parts.push(m.name);
      continue;
    }
    const container = m.kind === 'distinct' ? 'distinctCount' : m.kind === 'percentile' ? `percentile(p: ${JSON.stringify(c.p)})` : m.kind;
    containers.set(container, [...(containers.get(container) ?? []), m.name]);
  }
  for (const [container, fields] of containers) parts.push(`${container} { ${fields.join(' ')} }`);
  return [...new Set(parts)].join(' ');
}

/** What the API returned for one measure of a group (undefined: the field or its container is missing). */
function apiValue(m: Measure, node: Record<string, any>): unknown {
  switch (m.kind) {
    case 'count':
    case 'conditional':
    case 'ratio':
      return node[m.name];
    case 'distinct':
      return node.distinctCount === null ? null : node.distinctCount?.[m.name];
    case 'percentile':
      return node.percentile === null ? null : node.percentile?.[m.name];
    default:
      return node[m.kind] === null ? null : node[m.kind]?.[m.name];
  }
}

/** Expected value in the API's unit: money in yuan as the Money scalar serialises it (rounded to the fen). */
export function show(m: Measure, v: number | null): number | null {
  if (v === null) return null;
  return m.money ? Math.round(v) / 100 : v;
}

function sameValue(m: Measure, expected: number | null, actual: unknown): boolean {
  if (expected === null) return actual === null;
  if (typeof actual !== 'number') return false;
  if (m.money) return Math.round(actual * 100) === Math.round(expected);
  const approx = m.kind === 'ratio' || ((m.kind === 'avg' || m.kind === 'percentile'));
  if (!approx) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function apiKey(d: OracleDimension, value: unknown): Key | { bad: string } {
  if (value === null || value === undefined) return null;
  if (d.key.kind === 'node') {
    const decoded = decodeGlobalId((value as { id?: unknown }).id);
    if (!decoded) return { bad: `${d.field}: ${JSON.stringify(value)} is not a node with a global ID` };
    if (d.key.entity && decoded.type !== d.key.entity.name) return { bad: `${d.field}: a ${decoded.type} ID where a ${d.key.entity.name} was expected` };
    return decoded.key;
  }
  return canonical(d.key.kind, value, d.key.enumType);
}

export interface ApiAnswer {
  totalCount: number;
  nodes: Record<string, any>[];
}

function describeKeys(fact: OracleFact, c: Case, keys: Key[]): string {
  if (!c.groupBy.length) return '{total}';
  return `{${c.groupBy.map((name, i) => `${fact.dimensions.find((d) => d.name === name)!.field}: ${JSON.stringify(keys[i])}`).join(', ')}}`;
}

/** Every difference between the API's groups and the expected ones (empty: equal). */
export function compareAnswer(table: RawTable, c: Case, expected: Map<string, Group>, answer: ApiAnswer): string[] {
  const { fact } = table;
  const problems: string[] = [];
  const dims = c.groupBy.map((name) => fact.dimensions.find((d) => d.name === name)!);
  const all = measuresOf(fact);
  const measures = c.measures.map((id) => all.find((x) => x.id === id)!);
  if (answer.totalCount !== expected.size) problems.push(`totalCount: expected ${expected.size}, got ${answer.totalCount}`);
  if (answer.nodes.length !== answer.totalCount) problems.push(`${answer.nodes.length} groups over all pages, but totalCount ${answer.totalCount}`);
  const seen = new Set<string>();
  const valueProblems: string[] = [];
  const extra: string[] = [];
  for (const node of answer.nodes) {
    const keys = dims.map((d) => apiKey(d, node[d.field]));
    const bad = keys.find((k): k is { bad: string } => k !== null && typeof k === 'object');
    if (bad) {
      problems.push(`group key ${bad.bad}`);
      continue;
    }
    const k = keyString(keys as Key[]);
    if (seen.has(k)) {
      problems.push(`group ${describeKeys(fact, c, keys as Key[])} returned twice`);
      continue;
    }
    seen.add(k);
    const want = expected.get(k);
    if (!want) {
      extra.push(`${describeKeys(fact, c, keys as Key[])} (count ${JSON.stringify(node.count)})`);
      continue;
    }
    measures.forEach((m, i) => {
      const actual = apiValue(m, node);
      if (!sameValue(m, want.values[i], actual)) {
        valueProblems.push(`group ${describeKeys(fact, c, want.keys)} ${m.id}${m.kind === 'percentile' ? `(p: ${c.p})` : ''}: expected ${JSON.stringify(show(m, want.values[i]))}, got ${JSON.stringify(actual)}`);
      }
    });
  }
  const missing = [...expected].filter(([k]) => !seen.has(k)).map(([, g]) => `${describeKeys(fact, c, g.keys)} (count ${g.values[c.measures.indexOf('count')] ?? '?'})`);
  const list = (xs: string[]) => xs.slice(0, 4).join('; ') + (xs.length > 4 ? `; … ${xs.length - 4} more` : '');
  if (missing.length) problems.push(`${missing.length} expected group(s) missing: ${list(missing)}`);
  if (extra.length) problems.push(`${extra.length} unexpected group(s): ${list(extra)}`);
  if (valueProblems.length) problems.push(`${valueProblems.length} wrong value(s): ${list(valueProblems)}`);
  return problems;
}
