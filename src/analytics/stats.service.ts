/**
 * Runs a stats request: validates arguments, asks the engine, turns rows into typed, navigable
 * groups. Scoped requests (county.xStats, agency.xStats, township.xStats, taskForce.xStats) for
 * many parents share one statement through a DataLoader.
 */
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { decodeCursor as decodePayload, encodeCursor as encodePayload, invalidCursor } from '../common/cursor';
import { checkPageSize } from '../common/page-size';
import type { Context } from '../context';
import { BadUserInputError, ForbiddenError } from '../errors';
import { aggregatesNeedCare, ANONYMOUS_MIN_GROUP_SIZE } from '../modules/auth/viewer';
import { personalScope, policy } from '../modules/auth/policy';
import { runAggregate, type EngineOptions, type EngineResult, type Row } from './engine';
import type { Dimension, FactDecl } from './fact';
import { measuresOf, parseMeasureId } from './measures';
import { requestedMeasures } from './selection';
import { filterFields } from './summaries/summary';
import { measureColumn, percentileColumn, percentileList, type HavingCondition, type MeasureSet, type StatsOrder, type StatsQuery } from './stats-sql';
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
  /** The table the groups were computed from: the base table, or a summary table. */
  servedFrom: string;
  /** For summaries: when it was last refreshed. */
  refreshedAt: Date | null;
  nodes: object[];
  edges: { cursor: string; node: object }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

function signature(fact: FactDecl, args: StatsArgs): string {
  return JSON.stringify([fact.key, args.filter ?? null, args.groupBy ?? [], args.having ?? null, args.orderBy ?? null]);
}

function encodeCursor(sig: string, offset: number): string {
  return encodePayload({ s: hash(sig), n: offset });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** One reason for every refusal: a group cursor carries only a hash of its request. */
const NOT_THIS_REQUEST = 'it belongs to another request or is malformed';

function decodeCursor(sig: string, cursor: string): number {
  const parsed = decodePayload(cursor, 'after', 'these groups', NOT_THIS_REQUEST);
  if (parsed.s === hash(sig) && Number.isSafeInteger(parsed.n) && (parsed.n as number) >= 0) return parsed.n as number;
  throw invalidCursor('after', 'these groups', NOT_THIS_REQUEST);
}

interface Plan {
  query: StatsQuery;
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
  const anonymousRecords = fact.entity.records && aggregatesNeedCare(ctx.viewer);
  if (anonymousRecords) {
    for (const name of filterFields(args.filter)) {
      const field = fact.entity.filters.find((f) => f.name === name);
      if (field && (field.name === 'id' || field.kind === 'text')) {
        throw new ForbiddenError(`filter.${name}: aggregates filtered to single ${fact.entity.plural} need an API key (Authorization: Bearer …)`, { argument: `filter.${name}` });
      }
    }
  }
  if (previousYear && !groupBy.some((d) => d.name === 'YEAR')) {
    throw new BadUserInputError('previousYear needs YEAR among the groupBy dimensions', 'groupBy');
  }

  const having: HavingCondition[] = [];
  for (const [field, ops] of Object.entries(args.having ?? {})) {
    if (!ops) continue;
    const target = types.havingTarget[field];
    if (!measures.ids.has(target.measure)) {
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
    if (!dim) measures.ids.add(target);
    return { by: target, direction: o.direction === 'DESC' ? 'DESC' : 'ASC' };
  });

  // Without a key, small groups are withheld (as if by having: { count: { gte: N } }).
  if (anonymousRecords) having.push({ measure: 'count', op: 'gte', value: ANONYMOUS_MIN_GROUP_SIZE });

  const max = ctx.config.maxPageSize;
  const first = checkPageSize('first', args.first ?? max, max);
  const sig = signature(fact, args);
  const offset = args.after ? decodeCursor(sig, args.after) : 0;
  return { query: { groupBy, filter: args.filter, allowPersonal: policy(ctx).allowPersonal, having, order, offset, limit: first, measures, previousYear }, sig };
}

/** How API requests use the engine: summaries as configured, unbounded scans guarded, state read once per request. */
export function engineOptions(ctx: Context): EngineOptions {
  const stateCache = ctx.loaders.memo('summaryState', () => new Map() as NonNullable<EngineOptions['stateCache']>);
  return { summaries: ctx.config.rollups, maxScanRows: ctx.config.maxScanRows, stateCache };
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** The measures of a row, written into `into` (a group), or a new Measures. */
function measuresFrom(types: StatsTypes, row: Row, m: MeasureSet, prefix: string, pct: number[], into: object = new types.Measures()): MeasureValues {
  const { fact } = types;
  const out = into as MeasureValues & Record<string, unknown>;
  const col = (id: string) => num(row[measureColumn(id, prefix)]);
  for (const id of measuresOf(fact).keys()) {
    if (!m.ids.has(id)) continue;
    const ref = parseMeasureId(id);
    if (ref.kind === 'distinct') ((out.distinctCount ??= {}) as Record<string, unknown>)[ref.name] = col(id) ?? 0;
    else if (ref.kind === 'numeric') ((out[ref.aggregate] ??= {}) as Record<string, unknown>)[ref.field] = col(id);
    else out[ref.name] = ref.name === 'count' ? col(id) ?? 0 : col(id);
  }
  out.__pct = new Map([...m.percentiles].map(([p, fields]) =>
    [p, Object.fromEntries([...fields].map((f) => [f, num(row[percentileColumn(pct.indexOf(p), f, prefix)])]))]));
  return out;
}

/** A group's own record of its node keys (by field) and of the request whose loaders read them. */
const NODE_KEYS = Symbol('nodeKeys');
type KeyedGroup = Record<string, unknown> & { [NODE_KEYS]?: { ctx: Context; ids: Record<string, number | null> } };

const navigable = new WeakSet<object>();

/**
 * A fact's node keys (agency, township…) as getters of its Group class, each read through the
 * request's loader (all groups' keys in one statement). Not getters of each group: V8 keeps an
 * object's own accessors, and the request their closures hold, alive through scavenges (src/query/connection.ts, NodePage).
 */
function navigableKeys(types: StatsTypes): void {
  const proto = types.Group.prototype as object;
  if (navigable.has(proto)) return;
  navigable.add(proto);
  for (const d of types.fact.dimensions) {
    if (d.key.kind !== 'node') continue;
    const { entity } = d.key;
    const field = d.field;
    Object.defineProperty(proto, field, {
      enumerable: true,
      get(this: KeyedGroup) {
        const keys = this[NODE_KEYS];
        const id = keys?.ids[field];
        return id == null ? null : keys!.ctx.loaders.byId(entity).load(id);
      },
    });
  }
}

/** A group of the page (its Group class has its node keys' getters: navigableKeys). */
function groupFrom(ctx: Context, types: StatsTypes, q: StatsQuery, row: Row, pct: number[]): object {
  // An instance of the Group class from the start (setting the prototype of a made object gives it another hidden class).
  const group = measuresFrom(types, row, q.measures, 'm', pct, new types.Group()) as MeasureValues & KeyedGroup;
  // Node keys not in groupBy read as null from the class's getters.
  for (const d of types.fact.dimensions) if (d.key.kind !== 'node') group[d.field] = null;
  const ids: Record<string, number | null> = {};
  q.groupBy.forEach((d: Dimension, i) => {
    const value = row[`d${i}`];
    if (d.key.kind === 'node') ids[d.field] = value === null ? null : Number(value);
    else group[d.field] = value === null ? null : d.key.kind === 'int' ? Number(value) : value;
  });
  group[NODE_KEYS] = { ctx, ids };
  if (q.previousYear) {
    const prev = row.__prev as Row | null;
    group.previousYear = prev ? measuresFrom(types, prev, q.previousYear, 'p', pct) : null;
  }
  return group;
}

function toConnection(ctx: Context, types: StatsTypes, q: StatsQuery, sig: string, rows: Row[], result: EngineResult): GroupConnection {
  const total = Number(rows[0]?.__total ?? 0);
  const inPage = rows.filter((r) => Number(r.__rn) > q.offset);
  const more = inPage.length > q.limit;
  const page = inPage.slice(0, q.limit);
  const pct = percentileList(q);
  navigableKeys(types);
  const edges = page.map((row) => ({ cursor: encodeCursor(sig, Number(row.__rn)), node: groupFrom(ctx, types, q, row, pct) }));
  return {
    servedFrom: result.servedFrom,
    refreshedAt: result.refreshedAt,
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: more, hasPreviousPage: q.offset > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
    totalCount: total,
  };
}

/** Root stats: one statement (plus the summaries' state, and a size check for unbounded requests). */
export async function rootStats(ctx: Context, types: StatsTypes, args: StatsArgs, info: GraphQLResolveInfo): Promise<GroupConnection> {
  const { query, sig } = plan(ctx, types, args, info);
  const result = await runAggregate(ctx.db, types.fact, query, engineOptions(ctx));
  return toConnection(ctx, types, query, sig, result.rows, result);
}

const OPS = { eq: (a: number, b: number) => a === b, gt: (a: number, b: number) => a > b, gte: (a: number, b: number) => a >= b, lt: (a: number, b: number) => a < b, lte: (a: number, b: number) => a <= b };

/**
 * Without groupBy the root answers one total group even over no rows (count 0), as SQL's
 * aggregate without GROUP BY does; a parent with no rows gets the same group, measured over
 * nothing, unless the having clause drops it (as it would at the root).
 */
function emptyTotal(fact: FactDecl, q: StatsQuery, parent: number): Row[] {
  if (q.groupBy.length) return [];
  const row: Row = { __parent: parent, __rn: 1, __total: 1 };
  for (const id of q.measures.ids) {
    const kind = measuresOf(fact).get(id)!.kind;
    row[measureColumn(id)] = kind === 'count' || kind === 'countIf' || kind === 'countDistinct' ? 0 : null;
  }
  const kept = q.having.every((h) => {
    const v = row[measureColumn(h.measure)] as number | null;
    return v !== null && OPS[h.op](v, h.value);
  });
  return kept ? [row] : [];
}

/** Stats scoped to a parent by one of the fact's node dimensions; parents of one request share one statement. */
export function scopedStats(ctx: Context, types: StatsTypes, scope: Dimension, parentId: number, args: StatsArgs, info: GraphQLResolveInfo): Promise<GroupConnection> {
  const { query, sig } = plan(ctx, types, args, info);
  const m = (s: MeasureSet | null) => (s ? [[...s.ids], [...s.percentiles].map(([p, f]) => [p, [...f]])] : null);
  const key = `stats:${types.fact.key}:${scope.name}:${sig}:${JSON.stringify([m(query.measures), m(query.previousYear), args.first, args.after])}`;
  const loader = ctx.loaders.custom<number, GroupConnection>(key, () => new DataLoader<number, GroupConnection>(async (ids) => {
    const scoped: StatsQuery = { ...query, scope: { dimension: scope, ids: [...ids] } };
    const result = await runAggregate(ctx.db, types.fact, scoped, engineOptions(ctx));
    return ids.map((id) => {
      const rows = result.rows.filter((r) => Number(r.__parent) === id);
      return toConnection(ctx, types, scoped, sig, rows.length ? rows : emptyTotal(types.fact, scoped, id), result);
    });
  }));
  return loader.load(parentId);
}
