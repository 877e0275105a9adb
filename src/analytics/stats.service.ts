/**
 * Runs a stats request: validates arguments, compiles one statement, turns rows into typed,
 * navigable groups. Scoped requests (county.xStats, agency.xStats) for many parents share one
 * statement through a DataLoader.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { BadUserInputError, DomainError, ErrorCode } from '../errors';
import type { Queryable } from '../db/db';
import { sql } from '../db/sql';
import { personalScope, policy } from '../graphql/lists';
import type { Dimension, FactDecl } from './fact';
import { coveringRollup } from './rollups/rollups';
import { requestedMeasures } from './selection';
import { measureColumn, percentileColumn, statsSql, type HavingCondition, type MeasureSet, type StatsOrder, type StatsQuery } from './stats-sql';
import type { MeasureValues, StatsTypes } from './stats-types';

export interface StatsArgs {
  filter?: unknown;
  groupBy?: string[] | null;
  having?: Record<string, Record<string, number | undefined> | undefined> | null;
  orderBy?: { by: string; direction?: 'ASC' | 'DESC' }[] | null;
  first?: number | null;
  after?: string | null;
}

export interface GroupConnection {
  /** The table the groups were computed from: the base table, or a rollup. */
  servedFrom: string;
  /** For rollups: when the summary table was last rebuilt. */
  readonly refreshedAt: Promise<Date | null>;
  nodes: object[];
  edges: { cursor: string; node: object }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

type Row = Record<string, unknown>;

/** Filters that bound a scan to part of a county or less. */
const BOUNDING = ['id', 'countyId', 'countyCode', 'agencyId', 'agencyCode', 'townshipId', 'townshipCode', 'reviewId', 'taskForceId'];

function isBounded(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  const f = filter as Record<string, unknown>;
  if (BOUNDING.some((k) => f[k] !== undefined && f[k] !== null)) return true;
  return Array.isArray(f.and) && f.and.some(isBounded);
}

function signature(fact: FactDecl, args: StatsArgs): string {
  return JSON.stringify([fact.key, args.filter ?? null, args.groupBy ?? [], args.having ?? null, args.orderBy ?? null]);
}

function encodeCursor(sig: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: hash(sig), n: offset })).toString('base64url');
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function decodeCursor(sig: string, cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; n?: unknown };
    if (parsed.s === hash(sig) && Number.isSafeInteger(parsed.n) && (parsed.n as number) >= 0) return parsed.n as number;
  } catch {
    // fall through
  }
  throw new BadUserInputError('after: not a valid cursor for these groups (it belongs to another request or is malformed)', 'after');
}

interface Plan {
  query: Omit<StatsQuery, 'scope'>;
  sig: string;
}

function plan(ctx: Context, types: StatsTypes, requested: StatsArgs, info: GraphQLResolveInfo): Plan {
  const { fact } = types;
  // Aggregates are public; an editor's personal-data filters stay within their county.
  const args = { ...requested, filter: personalScope(ctx, fact.entity, { filter: requested.filter }).filter };
  const groupNames = args.groupBy ?? [];
  if (new Set(groupNames).size !== groupNames.length) throw new BadUserInputError('groupBy lists a dimension twice', 'groupBy');
  if (groupNames.length > 6) throw new BadUserInputError('groupBy takes at most 6 dimensions', 'groupBy');
  const groupBy = groupNames.map((name) => {
    const d = fact.dimensions.find((x) => x.name === name);
    if (!d) throw new BadUserInputError(`groupBy: ${fact.typeName} has no dimension ${String(name).slice(0, 40)}`, 'groupBy');
    return d;
  });
  const { measures, previousYear } = requestedMeasures(fact, info);
  if (previousYear && !groupBy.some((d) => d.name === 'YEAR')) {
    throw new BadUserInputError('previousYear needs YEAR among the groupBy dimensions', 'groupBy');
  }

  const having: HavingCondition[] = [];
  for (const [field, ops] of Object.entries(args.having ?? {})) {
    if (!ops) continue;
    const target = types.havingTarget[field];
    if (!isSelected(measures, target.measure)) {
      throw new BadUserInputError(`having.${field}: select the measure in the groups to filter on it`, `having.${field}`);
    }
    for (const [op, value] of Object.entries(ops)) {
      if (value === undefined || value === null) continue;
      if (!['eq', 'gt', 'gte', 'lt', 'lte'].includes(op)) throw new BadUserInputError(`having.${field}.${op} is not supported`, `having.${field}`);
      having.push({ measure: target.measure, op: op as HavingCondition['op'], value });
    }
  }

  const order: StatsOrder[] = (args.orderBy ?? []).map((o, i) => {
    const target = types.orderKeyTarget[o.by];
    const dim = fact.dimensions.find((d) => d.name === target);
    if (dim && !groupBy.includes(dim)) throw new BadUserInputError(`orderBy[${i}]: ${o.by} is not in groupBy`, 'orderBy');
    if (!dim) addMeasure(measures, target);
    return { by: target, direction: o.direction === 'DESC' ? 'DESC' : 'ASC' };
  });

  const max = ctx.config.maxPageSize;
  const first = args.first ?? max;
  if (!Number.isInteger(first) || first < 0) throw new BadUserInputError(`first must be zero or a positive integer, got ${first}`, 'first');
  if (first > max) throw new BadUserInputError(`first must be at most ${max} groups (the maximum page size), got ${first}; page with after`, 'first', { maxPageSize: max });
  const sig = signature(fact, args);
  const offset = args.after ? decodeCursor(sig, args.after) : 0;
  return { query: { groupBy, filter: args.filter, allowPersonal: policy(ctx).allowPersonal, having, order, offset, limit: first, measures, previousYear }, sig };
}

function isSelected(m: MeasureSet, id: string): boolean {
  if (id === 'count') return m.count;
  if (id.startsWith('distinct.')) return m.distinct.has(id.slice(9));
  if (id.includes('.')) return m.aggregates.has(id);
  return m.conditional.has(id);
}

function addMeasure(m: MeasureSet, id: string): void {
  if (id === 'count') m.count = true;
  else if (id.startsWith('distinct.')) m.distinct.add(id.slice(9));
  else if (id.includes('.')) m.aggregates.add(id);
  else m.conditional.add(id);
}

/** Refuse a scan of a whole table larger than MAX_SCAN_ROWS unless something bounds it. */
async function guardScan(ctx: Context, fact: FactDecl, filter: unknown, scoped: boolean): Promise<void> {
  if (scoped || isBounded(filter)) return;
  const [row] = await ctx.db.query<{ n: string }>(sql`SELECT GREATEST(reltuples, 0)::bigint AS n FROM pg_class WHERE oid = ${fact.entity.table}::regclass`);
  const estimate = Number(row?.n ?? 0);
  if (estimate > ctx.config.maxScanRows) {
    throw new DomainError(ErrorCode.QUERY_TOO_COMPLEX,
      `This would aggregate about ${estimate} ${fact.entity.plural} with nothing bounding it (more than MAX_SCAN_ROWS = ${ctx.config.maxScanRows}); filter by county, agency or township.`,
      { argument: 'filter', estimatedRows: estimate, maxScanRows: ctx.config.maxScanRows });
  }
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

function measuresFrom(types: StatsTypes, row: Row, m: MeasureSet, prefix: string, pct: number[]): MeasureValues {
  const { fact } = types;
  const out = new types.Measures() as MeasureValues & Record<string, unknown>;
  const col = (id: string) => row[measureColumn(id, prefix)];
  out.count = Number(col('count') ?? 0);
  for (const agg of ['sum', 'avg', 'min', 'max']) {
    if (!fact.numeric.some((n) => m.aggregates.has(`${n.name}.${agg}`))) continue;
    out[agg] = Object.fromEntries(fact.numeric.map((n) => [n.name, num(col(`${n.name}.${agg}`))]));
  }
  if (m.distinct.size) out.distinctCount = Object.fromEntries(fact.distinct.map((d) => [d.name, num(col(`distinct.${d.name}`)) ?? 0]));
  for (const name of m.conditional) out[name] = num(col(name));
  out.__pct = new Map([...m.percentiles].map(([p, fields]) =>
    [p, Object.fromEntries([...fields].map((f) => [f, num(row[percentileColumn(pct.indexOf(p), f, prefix)])]))]));
  return out;
}

function groupFrom(ctx: Context, types: StatsTypes, q: StatsQuery, row: Row, pct: number[]): object {
  const group = measuresFrom(types, row, q.measures, 'm', pct) as MeasureValues & Record<string, unknown>;
  Object.setPrototypeOf(group, types.Group.prototype);
  for (const d of types.fact.dimensions) group[d.field] = null;
  q.groupBy.forEach((d: Dimension, i) => {
    const value = row[`d${i}`];
    if (d.key.kind === 'node') {
      const entity = d.key.entity;
      // Resolved through the request's loader: all groups' keys in one statement.
      Object.defineProperty(group, d.field, { enumerable: true, get: () => (value === null ? null : ctx.loaders.byId(entity).load(Number(value))) });
    } else group[d.field] = value === null ? null : d.key.kind === 'int' ? Number(value) : value;
  });
  if (q.previousYear) {
    const prev = row.__prev as Row | null;
    group.previousYear = prev ? measuresFrom(types, prev, q.previousYear, 'p', pct) : null;
  }
  return group;
}

function percentileList(q: StatsQuery): number[] {
  return [...new Set([...q.measures.percentiles.keys(), ...(q.previousYear?.percentiles.keys() ?? [])])];
}

/** When a rollup was last rebuilt (one statement for every stats field of the request). */
function refreshedAt(ctx: Context, table: string): Promise<Date | null> {
  const loader = ctx.loaders.custom<string, Date | null>('rollupState', () => new DataLoader(async (names) => {
    const rows = await ctx.db.query<{ name: string; at: string }>(sql`
      SELECT name, to_char(refreshed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM rollup_state WHERE name = ANY(${[...names]}::text[])`);
    return names.map((n) => {
      const at = rows.find((r) => r.name === n)?.at;
      return at ? new Date(at) : null;
    });
  }));
  return loader.load(table);
}

function toConnection(ctx: Context, types: StatsTypes, q: StatsQuery, sig: string, rows: Row[], source: FactDecl): GroupConnection {
  const total = Number(rows[0]?.__total ?? 0);
  const inPage = rows.filter((r) => Number(r.__rn) > q.offset);
  const more = inPage.length > q.limit;
  const page = inPage.slice(0, q.limit);
  const pct = percentileList(q);
  const edges = page.map((row) => ({ cursor: encodeCursor(sig, Number(row.__rn)), node: groupFrom(ctx, types, q, row, pct) }));
  const connection = {
    servedFrom: source.entity.table,
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: more, hasPreviousPage: q.offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    totalCount: total,
  };
  const isRollup = source !== types.fact;
  Object.defineProperty(connection, 'refreshedAt', { get: () => (isRollup ? refreshedAt(ctx, source.entity.table) : Promise.resolve(null)) });
  return connection as GroupConnection;
}

/** The fact to compute from: a covering rollup, or the base table (then bounded scans only). */
async function source(ctx: Context, fact: FactDecl, q: StatsQuery, scoped: boolean): Promise<FactDecl> {
  const rollup = ctx.config.rollups ? coveringRollup(fact, q) : null;
  if (rollup) return rollup.fact;
  await guardScan(ctx, fact, q.filter, scoped);
  return fact;
}

/** Root stats: one statement (plus a size check for unbounded requests). */
export async function rootStats(ctx: Context, types: StatsTypes, args: StatsArgs, info: GraphQLResolveInfo): Promise<GroupConnection> {
  const { query, sig } = plan(ctx, types, args, info);
  const from = await source(ctx, types.fact, query, false);
  const rows = await ctx.db.query<Row>(statsSql(from, query));
  return toConnection(ctx, types, query, sig, rows, from);
}

/** Stats scoped to a parent (county or agency); parents of one request share one statement. */
export function scopedStats(ctx: Context, types: StatsTypes, column: string, parentId: number, args: StatsArgs, info: GraphQLResolveInfo): Promise<GroupConnection> {
  const { query, sig } = plan(ctx, types, args, info);
  const key = `stats:${column}:${sig}:${JSON.stringify([...query.measures.aggregates, ...query.measures.distinct, ...query.measures.conditional, ...query.measures.percentiles.keys(), !!query.previousYear])}:${args.first}:${args.after}`;
  const loader = ctx.loaders.custom<number, GroupConnection>(key, () => new DataLoader<number, GroupConnection>(async (ids) => {
    const scoped: StatsQuery = { ...query, scope: { column, ids: [...ids] } };
    const from = await source(ctx, types.fact, scoped, true);
    const rows = await ctx.db.query<Row>(statsSql(from, scoped));
    return ids.map((id) => toConnection(ctx, types, scoped, sig, rows.filter((r) => Number(r.__parent) === id), from));
  }));
  return loader.load(parentId);
}

/**
 * One measure for the groups of a filter, for server-side uses (reconciliation, comparison).
 * Returns each group's keys (d0, d1... as raw values) with the measure's value.
 */
export async function aggregate(db: Queryable, fact: FactDecl, filter: unknown, measure: string, groupBy: string[] = []): Promise<{ keys: unknown[]; value: number | null }[]> {
  const measures = { count: true, aggregates: new Set<string>(), distinct: new Set<string>(), conditional: new Set<string>(), percentiles: new Map() };
  addMeasure(measures, measure);
  const dims = groupBy.map((name) => fact.dimensions.find((d) => d.name === name)!);
  const query: StatsQuery = { groupBy: dims, filter, allowPersonal: false, having: [], order: [], offset: 0, limit: 100000, measures, previousYear: null };
  const rows = await db.query<Row>(statsSql(coveringRollup(fact, query)?.fact ?? fact, query));
  return rows.map((r) => ({ keys: dims.map((_, i) => r[`d${i}`]), value: num(r[measureColumn(measure)]) }));
}
