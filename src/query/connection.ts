/**
 * Relay cursor connections over a declaration: keyset pagination (stable under ties: the id is
 * always the last sort key), forwards and backwards, root lists and child lists batched for many
 * parents in one statement (LATERAL join: each parent's page uses its own index range).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor as decodePayload, encodeCursor as encodePayload, invalidCursor } from '../common/cursor';
import { isIsoDate } from '../common/dates';
import { checkPageSize } from '../common/page-size';
import { BadUserInputError, ForbiddenError } from '../errors';
import type { Queryable } from '../db/db';
import { join, raw, reusingPlan, sql, type Sql } from '../db/sql';
import type { EntityDecl, OrderField } from './declaration';
import { compileFilter, joinClauses } from './filter-sql';
import { mapRow, mappedColumns } from '../db/row-mapper';
import { parentLinks, type ManyToOneRef } from './relations-meta';
import { columnOf, primaryKey, tableOf } from './record';
import { RawJson, type JsonPiece } from '../common/raw-json';
import { JSON_BYTES_COLUMN } from '../db/json-bytes';
import { NODES_JSON_FIELD, jsonColumns, jsonItems, jsonKey, piecesOf, type JsonChildren, type JsonNodes } from './json-page';

export type Direction = 'ASC' | 'DESC';

export interface OrderArg {
  field: string;
  direction?: Direction;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface ConnectionArgs extends PageArgs {
  filter?: unknown;
  orderBy?: OrderArg[] | null;
}

export interface QueryPolicy {
  maxPageSize: number;
  allowPersonal: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** A getter: the count query runs only when a client asks for totalCount. */
  readonly totalCount: Promise<number>;
}

export const DEFAULT_PAGE_SIZE = 20;

interface Page {
  limit: number;
  forward: boolean;
  cursor: unknown[] | null;
}

interface ResolvedOrder {
  fields: { field: OrderField; direction: Direction }[];
  signature: string;
}

function resolveOrder(decl: EntityDecl, orderBy: OrderArg[] | null | undefined, policy: QueryPolicy): ResolvedOrder {
  const requested = orderBy && orderBy.length ? orderBy : decl.defaultOrder;
  if (requested.length > 5) throw new BadUserInputError('orderBy takes at most 5 keys', 'orderBy');
  const fields = requested.map((o, i) => {
    const field = decl.orders.find((f) => f.name === o.field);
    if (!field) throw new BadUserInputError(`orderBy[${i}].field: ${decl.name} cannot be ordered by ${String(o.field).slice(0, 40)}`, 'orderBy');
    if (field.personal && !policy.allowPersonal) throw new ForbiddenError(`orderBy[${i}]: ordering by personal data is not allowed for your role`, { argument: 'orderBy' });
    const direction: Direction = o.direction === 'DESC' ? 'DESC' : 'ASC';
    return { field, direction };
  });
  const idField = decl.orders.find((f) => f.name === 'ID')!;
  if (!fields.some((f) => f.field === idField)) fields.push({ field: idField, direction: fields[fields.length - 1]?.direction ?? 'ASC' });
  return { fields, signature: fields.map((f) => `${f.field.name}:${f.direction}`).join(',') };
}

export function encodeCursor(type: string, signature: string, values: unknown[]): string {
  return encodePayload({ t: type, o: signature, v: values });
}

/** A date key: a calendar date, or PostgreSQL's ±infinity. */
const isDateKey = (v: unknown) => v === 'infinity' || v === '-infinity' || isIsoDate(v);

function decodeCursor(decl: EntityDecl, order: ResolvedOrder, cursor: string, argument: string): unknown[] {
  const fail = (why: string): never => {
    throw invalidCursor(argument, 'this list', why);
  };
  const parsed = decodePayload(cursor, argument, 'this list');
  if (parsed.t !== decl.name) fail(`it belongs to another list`);
  if (parsed.o !== order.signature) fail('it was made with another orderBy');
  const values = parsed.v;
  if (!Array.isArray(values) || values.length !== order.fields.length) fail('malformed');
  order.fields.forEach(({ field }, i) => {
    const v = (values as unknown[])[i];
    const ok = field.kind === 'int' || field.kind === 'money' ? Number.isSafeInteger(v)
      : field.kind === 'date' ? isDateKey(v)
        : typeof v === 'string' && (v as string).length <= 500 && !v.includes('\u0000');
    if (!ok) fail('malformed');
  });
  return values as unknown[];
}

function resolvePage(decl: EntityDecl, args: PageArgs, order: ResolvedOrder, policy: QueryPolicy): Page {
  const { first, last, after, before } = args;
  if (first != null && last != null) throw new BadUserInputError('Pass either first or last, not both', 'first');
  if (first != null) checkPageSize('first', first, policy.maxPageSize);
  if (last != null) checkPageSize('last', last, policy.maxPageSize);
  if (after != null && last != null) throw new BadUserInputError('after goes with first; use before with last', 'after');
  if (before != null && first != null) throw new BadUserInputError('before goes with last; use after with first', 'before');
  if (after != null && before != null) throw new BadUserInputError('Pass either after or before, not both', 'after');
  const forward = last == null && before == null;
  const limit = forward ? first ?? DEFAULT_PAGE_SIZE : last ?? DEFAULT_PAGE_SIZE;
  const raw = forward ? after : before;
  return { limit, forward, cursor: raw != null ? decodeCursor(decl, order, raw, forward ? 'after' : 'before') : null };
}

/** ORDER BY in the direction we scan (reversed when paging backwards). */
function orderSql(order: ResolvedOrder, forward: boolean): Sql {
  return join(order.fields.map(({ field, direction }) => {
    const dir = forward ? direction : direction === 'ASC' ? 'DESC' : 'ASC';
    return raw(`${field.sql} ${dir}`);
  }));
}

/** Rows strictly after the cursor in scan order: (k1 > v1) OR (k1 = v1 AND k2 > v2) ... */
function keysetSql(order: ResolvedOrder, forward: boolean, values: unknown[]): Sql {
  const branches = order.fields.map((_, i) => {
    const eqs = order.fields.slice(0, i).map(({ field }, j) => sql`${raw(field.sql)} = ${values[j]}`);
    const { field, direction } = order.fields[i];
    const ascending = (direction === 'ASC') === forward;
    const cmp = sql`${raw(field.sql)} ${raw(ascending ? '>' : '<')} ${values[i]}`;
    return sql`(${join([...eqs, cmp], ' AND ')})`;
  });
  return sql`(${join(branches, ' OR ')})`;
}

interface Plan {
  order: ResolvedOrder;
  page: Page;
  from: Sql;
  where: Sql[];
  keys: Sql;
  /** The client filtered the list. */
  filtered: boolean;
}

/**
 * A page's statements reuse one plan per connection (src/db/prepared-statements.ts) unless a client
 * filter is in them: how many rows a filter keeps depends on its values (a fine above 10,000 yuan
 * keeps few cases), and so may the best plan.
 */
function planned(q: Sql, filtered: boolean): Sql {
  return filtered ? q : reusingPlan(q);
}

function plan(decl: EntityDecl, args: ConnectionArgs, policy: QueryPolicy, extraJoins: string[] = []): Plan {
  const order = resolveOrder(decl, args.orderBy, policy);
  const page = resolvePage(decl, args, order, policy);
  const filter = compileFilter(decl, args.filter, { argument: 'filter', allowPersonal: policy.allowPersonal });
  const joins = new Set([...filter.joins, ...extraJoins]);
  for (const { field } of order.fields) for (const j of field.joins ?? []) joins.add(j);
  const where: Sql[] = [];
  if (!filter.where.isEmpty) where.push(filter.where);
  if (page.cursor) where.push(keysetSql(order, page.forward, page.cursor));
  const keys = join(order.fields.map(({ field }, i) => raw(`${field.sql} AS "__k${i}"`)));
  return { order, page, from: sql`${raw(`"${decl.table}" ${decl.alias}`)} ${joinClauses(decl, joins)}`, where, keys, filtered: !filter.where.isEmpty };
}

/** Checks a list's arguments as its statement would (page size, cursor, order, filter); throws the same errors. */
export function checkConnectionArgs(decl: EntityDecl, args: ConnectionArgs, policy: QueryPolicy): void {
  plan(decl, args, policy);
}

function whereSql(parts: Sql[]): Sql {
  return parts.length ? sql`WHERE ${join(parts, ' AND ')}` : sql``;
}

type Row = Record<string, unknown>;

/** A many-to-one reference a page joins, and the properties its selection reads (null: every column). */
export interface SelectedReference extends ManyToOneRef {
  properties: string[] | null;
}

/** What a page's nodes select: the properties to read (null: every column; else sorted, id included) and the references to join. */
export interface PageSelection {
  properties: string[] | null;
  references: SelectedReference[];
  /** The nodes are written as JSON by the statement (compiled execution asked for it: json-page.ts). */
  json?: JsonNodes;
  /** The arguments of the child lists inside `json` (scoped to the viewer), bound for this request. */
  childArgs?: ChildArgs;
}

export type ChildArgs = ReadonlyMap<JsonChildren, ConnectionArgs>;

export const EVERY_COLUMN: PageSelection = { properties: null, references: [] };

/** Whether a page read every column of its rows and of the references it joined (so a loader may hold them). */
export function isComplete(selection: PageSelection): boolean {
  return selection.properties === null && selection.references.every((r) => r.properties === null);
}

/** The row's columns a statement selects: `alias.*`, or just those the selection reads. */
function rowColumns(em: EntityManager, decl: EntityDecl, selection: PageSelection): Sql {
  if (!selection.properties) return raw(`${decl.alias}.*`);
  return raw(mappedColumns(em, decl.entity, selection.properties).map((c) => `${decl.alias}."${c}"`).join(', '));
}

/**
 * Many-to-one references joined into a page's statement (`LEFT JOIN township __ref0 …`, its columns
 * as `__ref0_<column>`): each node's reference property gets the referenced row (the columns its
 * selection reads), mapped once per distinct id of the statement, so no loader round is needed for it.
 */
class JoinedReferences {
  readonly select: Sql;
  readonly joins: Sql;
  private readonly joined: { ref: SelectedReference; prefix: string; idColumn: string; seen: Map<unknown, object> }[];

  constructor(private readonly em: EntityManager, refs: readonly SelectedReference[], rowAlias: string) {
    const selects: string[] = [];
    const joins: string[] = [];
    this.joined = refs.map((ref, i) => {
      const alias = `__ref${i}`;
      const pk = columnOf(ref.target, primaryKey(ref.target).name);
      for (const c of mappedColumns(em, ref.target, ref.properties)) selects.push(`, ${alias}."${c}" AS "${alias}_${c}"`);
      joins.push(`LEFT JOIN "${tableOf(ref.target)}" ${alias} ON ${alias}."${pk}" = ${rowAlias}."${ref.column}"`);
      return { ref, prefix: `${alias}_`, idColumn: `${alias}_${pk}`, seen: new Map() };
    });
    this.select = raw(selects.join(''));
    this.joins = raw(joins.join(' '));
  }

  attach(node: Record<string, unknown>, row: Row): void {
    for (const { ref, prefix, idColumn, seen } of this.joined) {
      const id = row[idColumn];
      if (id === null || id === undefined) continue;
      let target = seen.get(id);
      if (!target) seen.set(id, (target = mapRow(this.em, ref.target as new () => object, row, prefix, ref.properties)));
      node[ref.property] = target;
    }
  }
}

function toConnection<T>(decl: EntityDecl, em: EntityManager, p: Plan, rows: Row[], hadCursor: boolean, totalCount: () => Promise<number>, selection: PageSelection, joined?: JoinedReferences): Connection<T> {
  const more = rows.length > p.page.limit;
  const pageRows = rows.slice(0, p.page.limit);
  if (!p.page.forward) pageRows.reverse();
  const nodes = pageRows.map((row) => {
    const node = mapRow(em, decl.entity as new () => T, row, '', selection.properties);
    joined?.attach(node as Record<string, unknown>, row);
    return node;
  });
  // Cursors only when asked for: a page of nodes does not pay for encoding them.
  const cursor = (i: number) => encodeCursor(decl.name, p.order.signature, p.order.fields.map((_, k) => normaliseKey(pageRows[i][`__k${k}`])));
  return new NodePage<T>(nodes, cursor, p.page.forward ? more : hadCursor, p.page.forward ? hadCursor : more, totalCount);
}

/*
 * Connections are instances of these classes, their computed fields getters of the class. V8 keeps
 * an object's own accessors (an object literal's `get`, defineProperty), and so the request their
 * closures hold, alive through every scavenge until the next mark-compact (defineProperty also
 * gives each such object a hidden class of its own): every request's rows outlived the next
 * scavenge and were promoted (bench/README.md, eighth round; test/hidden-classes.test.ts).
 */

/** pageInfo of a page of node objects: its cursors encoded when read. */
class NodePageInfo {
  constructor(private readonly page: NodePage<unknown>, readonly hasNextPage: boolean, readonly hasPreviousPage: boolean) {}

  get startCursor(): string | null {
    return this.page.nodes.length ? this.page.cursor(0) : null;
  }

  get endCursor(): string | null {
    return this.page.nodes.length ? this.page.cursor(this.page.nodes.length - 1) : null;
  }
}

/** A page of node objects. `edges` is made when read; `totalCount` counted when read. */
class NodePage<T> implements Connection<T> {
  readonly pageInfo: NodePageInfo;
  private edgeList?: Edge<T>[];

  constructor(readonly nodes: T[], readonly cursor: (i: number) => string, hasNextPage: boolean, hasPreviousPage: boolean, private readonly count: () => Promise<number>) {
    this.pageInfo = new NodePageInfo(this as NodePage<unknown>, hasNextPage, hasPreviousPage);
  }

  get edges(): Edge<T>[] {
    return (this.edgeList ??= this.nodes.map((node, i) => ({ cursor: this.cursor(i), node })));
  }

  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** The page's rows (at most limit + 1), `columns` of them, numbered `__rn` in page order. */
function numberedPage(p: Plan, columns: Sql, where: Sql[]): Sql {
  const order = orderSql(p.order, p.page.forward);
  return sql`SELECT ${columns}, row_number() OVER (ORDER BY ${order}) AS __rn FROM ${p.from} ${whereSql(where)} ORDER BY ${order} LIMIT ${p.page.limit + 1}`;
}

/**
 * The keys (as `__id`) of the nodes of a page's rows within the page, from the rows `from` yields as
 * `alias`: each once, though a node may be on the pages of several parents (a task force of two member agencies).
 */
function pageKeys(em: EntityManager, decl: EntityDecl, p: Plan, alias: string, from: (rows: Sql) => Sql, where: Sql[]): Sql {
  const pk = columnOf(decl.entity, primaryKey(decl.entity).name);
  return sql`SELECT DISTINCT ${raw(`${alias}."${pk}"`)} AS __id FROM ${from(numberedPage(p, raw(`${decl.alias}."${pk}"`), where))} WHERE ${raw(alias)}.__rn <= ${p.page.limit}`;
}

/**
 * The SQL of a JSON page's nodes with the child lists inside them. Each child list is a table of
 * connection texts, one row per parent that has rows: the parents' pages of children read by one
 * LATERAL join (as childConnections reads them), their references joined once for all of them,
 * grouped by parent; the node's row LEFT JOINs it by its key, and a parent without rows gets the
 * connection of an empty page. The same page (order, keyset, filter, limit) and the same counts as
 * childConnections would give, written as the answer holds them (no cursors).
 */
class JsonPageSql {
  private tables = 0;
  /** A child list of the page is filtered by the client. */
  filtered = false;

  constructor(private readonly em: EntityManager, private readonly policy: QueryPolicy, private readonly childArgs: ChildArgs | undefined) {}

  /**
   * The JSON of a page's nodes, comma-separated (rows `alias`, numbered by __rn: jsonItems), and the
   * joins it needs. `keys`: the SQL of the keys (__id) of these nodes within their pages, for their child lists.
   */
  nodes(decl: EntityDecl, json: JsonNodes, page: Page, alias: string, depth: number, keys: () => Sql): { items: Sql; joins: Sql } {
    const tables: Sql[] = [];
    const key = raw(`${alias}."${columnOf(decl.entity, primaryKey(decl.entity).name)}"`);
    const { items, joins } = jsonItems(this.em, decl.entity, json, page.limit, page.forward, alias, depth, (child) => {
      const list = this.childList(child, keys(), depth + 1);
      if (!list.table) return list.empty(key);
      const name = raw(`__c${this.tables++}`);
      tables.push(sql`LEFT JOIN (${list.table}) ${name} ON ${name}.__id = ${key}`);
      return sql`coalesce(${name}.conn, ${list.empty(key)})`;
    });
    return { items, joins: join([joins, ...tables], ' ') };
  }

  /** A child list under the parents `parents` (their keys as __id): its table (none for pages of 0), and the connection of a parent without rows. */
  private childList(child: JsonChildren, parents: Sql, depth: number): { table?: Sql; empty: (parentKey: Sql) => Sql } {
    const args = this.childArgs?.get(child);
    if (!args) throw new Error(`the child list ${child.key} of a JSON page has no arguments bound`);
    const link = parentLinks(child.decl)[child.parentType];
    const p = plan(child.decl, args, this.policy, link.join ? [link.join] : []);
    this.filtered ||= p.filtered;
    const countWhere = p.where.filter((w) => !p.page.cursor || w !== p.where[p.where.length - 1]);
    const hadCursor = raw(p.page.cursor !== null ? `'true'` : `'false'`);
    const connection = (nodes: Sql, more: Sql, parentKey: Sql): Sql => {
      const parts: Sql[] = [sql`'{'`];
      child.connection.forEach((part, i) => {
        parts.push(jsonKey(part.key, i === 0));
        if (part.kind === 'nodes') parts.push(nodes);
        else if (part.kind === 'typename') parts.push(sql`${JSON.stringify(part.typename)}::text`);
        else if (part.kind === 'totalCount') parts.push(sql`(SELECT count(*) FROM ${p.from} ${whereSql([sql`${raw(link.column)} = ${parentKey}`, ...countWhere])})::text`);
        else {
          parts.push(sql`'{'`);
          part.fields.forEach((f, j) => {
            parts.push(jsonKey(f.key, j === 0));
            if (f.kind === 'typename') parts.push(sql`${JSON.stringify(f.typename)}::text`);
            else parts.push((f.kind === 'hasNextPage') === p.page.forward ? more : hadCursor);
          });
          parts.push(sql`'}'`);
        }
      });
      parts.push(sql`'}'`);
      return join(parts, ' || ');
    };
    // As toConnection: a page without rows has no page after it.
    const empty = (parentKey: Sql) => connection(sql`'[]'`, raw(`'false'`), parentKey);
    if (p.page.limit === 0) return { empty };
    const alias = `x${depth}`;
    const linked = [sql`${raw(link.column)} = __p.__id`, ...p.where];
    const under = (rows: Sql) => sql`(${parents}) __p CROSS JOIN LATERAL (${rows}) ${raw(alias)}`;
    const own = this.nodes(child.decl, child.nodes, p.page, alias, depth, () => pageKeys(this.em, child.decl, p, alias, under, linked));
    // OFFSET 0 keeps the references' joins out of the LATERAL: one join for all parents' rows, not one per parent.
    const table = sql`SELECT ${raw(alias)}.__parent AS __id, ${connection(sql`'[' || coalesce(${own.items}, '') || ']'`, sql`CASE WHEN count(*) > ${p.page.limit} THEN 'true' ELSE 'false' END`, raw(`${alias}.__parent`))} AS conn
      FROM (SELECT __p.__id AS __parent, ${raw(alias)}.* FROM ${under(numberedPage(p, jsonColumns(this.em, child.decl.entity, child.nodes, child.decl.alias), linked))} OFFSET 0) ${raw(alias)}
      ${own.joins} GROUP BY ${raw(alias)}.__parent`;
    return { table, empty };
  }
}

/** A run of a JSON page's nodes (in page order), and how many rows it had (the one past the page included). */
interface JsonRow {
  /** Bytes on the pools' connections (src/db/json-bytes.ts), text on any other. */
  __nodes: JsonPiece | null;
  __n: string | number;
}

/**
 * A page whose nodes came as JSON text: the connection holds the text where compiled execution
 * reads it (NODES_JSON_FIELD), and no node objects (it was only asked for pages without cursors).
 */
function jsonConnection<T>(p: Plan, rows: readonly JsonRow[], hadCursor: boolean, totalCount: () => Promise<number>): Connection<T> {
  let n = 0;
  const pieces: JsonPiece[] = ['['];
  for (const row of rows) {
    n += Number(row.__n);
    if (row.__nodes === null) continue;
    if (pieces.length > 1) pieces.push(',');
    pieces.push(row.__nodes);
  }
  pieces.push(']');
  const more = n > p.page.limit;
  return new JsonPage(new RawJson(pieces), p.page.forward ? more : hadCursor, p.page.forward ? hadCursor : more, totalCount) as unknown as Connection<T>;
}

/** A page whose nodes came as JSON text (NODES_JSON_FIELD), without cursors (only pages without them are asked for that way). */
class JsonPage {
  readonly [NODES_JSON_FIELD]: RawJson;
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: null; endCursor: null };

  constructor(nodesJson: RawJson, hasNextPage: boolean, hasPreviousPage: boolean, private readonly count: () => Promise<number>) {
    this[NODES_JSON_FIELD] = nodesJson;
    this.pageInfo = { hasNextPage, hasPreviousPage, startCursor: null, endCursor: null };
  }

  get nodes(): never {
    throw new Error('a page written as JSON has no node objects');
  }

  get edges(): never {
    throw new Error('a page written as JSON has no node objects');
  }

  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** Dates come back as strings, bigints as strings: keep cursor values JSON-stable. */
function normaliseKey(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
  return v;
}

/**
 * A root list, e.g. enforcementCases(filter, orderBy, first, after); `selection`: what its nodes
 * read, and the many-to-one references they need, joined into the same statement.
 */
export async function rootConnection<T>(db: Queryable, em: EntityManager, decl: EntityDecl, args: ConnectionArgs, policy: QueryPolicy, scope: Sql[] = [], selection: PageSelection = EVERY_COLUMN): Promise<Connection<T>> {
  const p = plan(decl, args, policy);
  const where = [...scope, ...p.where];
  const countWhere = [...scope, ...p.where.filter((w) => !p.page.cursor || w !== p.where[p.where.length - 1])];
  let total: Promise<number> | undefined;
  const totalCount = () => (total ??= db.query<{ n: string }>(planned(sql`SELECT count(*) AS n FROM ${p.from} ${whereSql(countWhere)}`, p.filtered)).then((r) => Number(r[0].n)));
  if (selection.json) {
    const rowsAs = (rows: Sql) => sql`(${rows}) x`;
    const pageSql = new JsonPageSql(em, policy, selection.childArgs);
    const json = pageSql.nodes(decl, selection.json, p.page, 'x', 0, () => pageKeys(em, decl, p, 'x', rowsAs, where));
    const piece = raw(`(x.__rn - 1) / ${piecesOf(selection.json)}`);
    const rows = p.page.limit === 0 ? [] : await db.query<JsonRow>(planned(sql`
      SELECT ${json.items} AS ${raw(JSON_BYTES_COLUMN)}, count(*) AS __n FROM ${rowsAs(numberedPage(p, jsonColumns(em, decl.entity, selection.json, decl.alias), where))} ${json.joins}
      GROUP BY ${piece} ORDER BY ${piece} ${raw(p.page.forward ? 'ASC' : 'DESC')}`, p.filtered || pageSql.filtered));
    return jsonConnection<T>(p, rows, p.page.cursor !== null, totalCount);
  }
  const joined = selection.references.length ? new JoinedReferences(em, selection.references, decl.alias) : undefined;
  const rows = p.page.limit === 0 ? [] : await db.query<Row>(planned(sql`
    SELECT ${rowColumns(em, decl, selection)}, ${p.keys}${joined?.select ?? sql``} FROM ${p.from} ${joined?.joins ?? sql``} ${whereSql(where)}
    ORDER BY ${orderSql(p.order, p.page.forward)} LIMIT ${p.page.limit + 1}`, p.filtered));
  return toConnection<T>(decl, em, p, rows, p.page.cursor !== null, totalCount, selection, joined);
}

/**
 * One page per parent for many parents in one statement, e.g. agency.enforcementCases(first: 20)
 * under 50 agencies. Returns the connections in parent order.
 */
export async function childConnections<T>(db: Queryable, em: EntityManager, decl: EntityDecl, parentType: string, parentIds: readonly number[], args: ConnectionArgs, policy: QueryPolicy, selection: PageSelection = EVERY_COLUMN): Promise<Connection<T>[]> {
  const link = parentLinks(decl)[parentType];
  const p = plan(decl, args, policy, link.join ? [link.join] : []);
  const where = [raw(`${link.column} = __p.__parent`), ...p.where];
  const countWhere = p.where.filter((w) => !p.page.cursor || w !== p.where[p.where.length - 1]);
  let counts: Promise<Map<number, number>> | undefined;
  // Counts for every parent in one statement, only if some client field asks for totalCount.
  const loadCounts = () => (counts ??= db.query<{ parent: number; n: string }>(planned(sql`
      SELECT ${raw(link.column)} AS parent, count(*) AS n FROM ${p.from}
      ${whereSql([sql`${raw(link.column)} = ANY(${[...parentIds]}::int[])`, ...countWhere])} GROUP BY 1`, p.filtered))
    .then((r) => new Map(r.map((x) => [Number(x.parent), Number(x.n)]))));
  const countOf = (id: number) => async () => (await loadCounts()).get(id) ?? 0;
  if (selection.json) {
    const rowsAs = (rows: Sql) => sql`unnest(${[...parentIds]}::int[]) AS __p(__parent) CROSS JOIN LATERAL (${rows}) x`;
    const pageSql = new JsonPageSql(em, policy, selection.childArgs);
    const json = pageSql.nodes(decl, selection.json, p.page, 'x', 0, () => pageKeys(em, decl, p, 'x', rowsAs, where));
    const piece = raw(`(x.__rn - 1) / ${piecesOf(selection.json)}`);
    const pieces = p.page.limit === 0 ? [] : await db.query<JsonRow & { __parent: number }>(planned(sql`
      SELECT __p.__parent, ${json.items} AS ${raw(JSON_BYTES_COLUMN)}, count(*) AS __n FROM ${rowsAs(numberedPage(p, jsonColumns(em, decl.entity, selection.json, decl.alias), where))}
      ${json.joins}
      GROUP BY __p.__parent, ${piece} ORDER BY __p.__parent, ${piece} ${raw(p.page.forward ? 'ASC' : 'DESC')}`, p.filtered || pageSql.filtered));
    const byParent = new Map<number, JsonRow[]>(parentIds.map((id) => [id, []]));
    for (const row of pieces) byParent.get(Number(row.__parent))?.push(row);
    return parentIds.map((id) => jsonConnection<T>(p, byParent.get(id) ?? [], p.page.cursor !== null, countOf(id)));
  }
  // References are joined outside the LATERAL, so each parent's page is planned as before.
  const joined = selection.references.length ? new JoinedReferences(em, selection.references, 'x') : undefined;
  const rows = p.page.limit === 0 ? [] : await db.query<Row>(planned(sql`
    SELECT __p.__parent, x.*${joined?.select ?? sql``} FROM unnest(${[...parentIds]}::int[]) AS __p(__parent)
    CROSS JOIN LATERAL (${numberedPage(p, sql`${rowColumns(em, decl, selection)}, ${p.keys}`, where)}) x
    ${joined?.joins ?? sql``}
    ORDER BY __p.__parent, x.__rn`, p.filtered));
  const byParent = new Map<number, Row[]>(parentIds.map((id) => [id, []]));
  for (const row of rows) byParent.get(Number(row.__parent))?.push(row);
  return parentIds.map((id) => toConnection<T>(decl, em, p, byParent.get(id) ?? [], p.page.cursor !== null, countOf(id), selection, joined));
}
