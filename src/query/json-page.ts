/**
 * A page's nodes as JSON written by PostgreSQL, for selections of plain columns, of the columns of
 * many-to-one references and of child lists selecting the same (src/graphql/json-pages.ts decides
 * which, and where): one text per page, child lists included, where the row path makes a row, a
 * mapped object and a result object per node (and a statement per level of child lists) and then
 * encodes them. The answer's encoder copies the text (RawJson).
 * Keys go as parameters; values through to_json, which writes text, integers, booleans and dates
 * as graphql-js serialises the String, Int and Boolean fields those columns are read by
 * (a date as YYYY-MM-DD, as the row path reads it).
 */
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { join, raw, sql, type Sql } from '../db/sql';
import type { EntityDecl } from './declaration';
import { primaryKey } from './record';

/** The field compiled execution asks a connection for in place of `nodes` (JSON text of its nodes). */
export const NODES_JSON_FIELD = '_nodesJson';

export type JsonLeaf =
  | { kind: 'typename'; key: string; typename: string }
  | { kind: 'column'; key: string; property: string }
  /** The global ID: base64url of "<type>:<id>" (src/common/global-id.ts). */
  | { kind: 'globalId'; key: string; typename: string };
export interface JsonReference {
  kind: 'reference';
  key: string;
  /** The many-to-one property, its column on the node's table, and the entity it points to. */
  property: string;
  column: string;
  target: EntityClass<object>;
  fields: JsonLeaf[];
}
/** What a child list's connection selects, written into the JSON with its nodes. */
export type JsonConnectionPart =
  | { kind: 'nodes'; key: string }
  | { kind: 'totalCount'; key: string }
  | { kind: 'typename'; key: string; typename: string }
  | { kind: 'pageInfo'; key: string; fields: ({ kind: 'hasNextPage' | 'hasPreviousPage'; key: string } | { kind: 'typename'; key: string; typename: string })[] };

/**
 * A child list inside the nodes, e.g. an agency's `enforcementCases(first: 20) { nodes { … } }`.
 * Its arguments are bound per request (they may be variables): connection.ts finds them by this
 * object in PageSelection.childArgs.
 */
export interface JsonChildren {
  kind: 'children';
  key: string;
  decl: EntityDecl;
  /** The parent's name in parentLinks(decl). */
  parentType: string;
  connection: JsonConnectionPart[];
  nodes: JsonNodes;
}

export type JsonField = JsonLeaf | JsonReference | JsonChildren;

/** What a page's nodes select, in answer order; `signature` tells plans apart (a loader's key). */
export interface JsonNodes {
  fields: JsonField[];
  signature: string;
  /** Every child list at any depth below these nodes, outermost first. */
  children: JsonChildren[];
}

/** The SQL of a child list's connection text for the node on the current row (connection.ts). */
export type ChildValue = (child: JsonChildren) => Sql;

function column(em: EntityManager, entity: EntityClass<object>, property: string): string {
  const prop = em.getMetadata().get(entity.name).properties[property as never] as { fieldNames?: string[] } | undefined;
  const name = prop?.fieldNames?.[0];
  if (!name) throw new Error(`${entity.name}.${property} has no column`);
  return name;
}

/** The alias of a joined reference; each depth of child lists has its own. */
const refAlias = (depth: number, i: number) => `__j${depth}_${i}`;

/** A JSON key and its colon (after a comma unless first), as a bound text. */
export const jsonKey = (key: string, first: boolean): Sql => sql`${`${first ? '' : ','}${JSON.stringify(key)}:`}::text`;

/** One node's JSON object, from the columns of `alias` (and of the joined references; child lists by `childValue`). */
function objectSql(em: EntityManager, entity: EntityClass<object>, fields: readonly JsonField[], alias: string, depth: number, childValue: ChildValue): Sql {
  const parts: Sql[] = [sql`'{'`];
  let refs = 0;
  fields.forEach((f, i) => {
    parts.push(jsonKey(f.key, i === 0));
    if (f.kind === 'typename') parts.push(sql`${JSON.stringify(f.typename)}::text`);
    // base64 without its padding and line breaks, with - and _ for + and /: base64url, as toGlobalId writes it.
    else if (f.kind === 'globalId') parts.push(sql`'"' || translate(encode(convert_to(${`${f.typename}:`}::text || ${raw(`${alias}."${column(em, entity, primaryKey(entity).name)}"`)}, 'UTF8'), 'base64'), ${'+/=\n'}::text, '-_') || '"'`);
    else if (f.kind === 'column') parts.push(sql`coalesce(to_json(${raw(`${alias}."${column(em, entity, f.property)}"`)})::text, 'null')`);
    else if (f.kind === 'children') parts.push(childValue(f));
    else {
      const ref = refAlias(depth, refs++);
      const pk = column(em, f.target, primaryKey(f.target).name);
      parts.push(sql`CASE WHEN ${raw(`${ref}."${pk}"`)} IS NULL THEN 'null' ELSE ${objectSql(em, f.target, f.fields, ref, depth, childValue)} END`);
    }
  });
  parts.push(sql`'}'`);
  return join(parts, ' || ');
}

/** The node table's columns the JSON reads (its id, its columns, the references' keys), from `alias`. */
export function jsonColumns(em: EntityManager, entity: EntityClass<object>, json: JsonNodes, alias: string): Sql {
  const names = new Set([column(em, entity, primaryKey(entity).name)]);
  for (const f of json.fields) {
    if (f.kind === 'column') names.add(column(em, entity, f.property));
    else if (f.kind === 'reference') names.add(f.column);
  }
  return raw([...names].map((c) => `${alias}."${c}"`).join(', '));
}

/**
 * Over rows `alias` numbered by `__rn` in page order (at most limit + 1 of them, for one page, or
 * a run of them): the JSON of the first `limit`, comma-separated in the order the page shows them (a
 * backward page reversed), NULL when there are none, and the joins of the references it reads.
 * `depth`: how deep in child lists the rows are (0: the page).
 */
export function jsonItems(em: EntityManager, entity: EntityClass<object>, json: JsonNodes, limit: number, forward: boolean, alias: string, depth: number, childValue: ChildValue): { items: Sql; joins: Sql } {
  const refs = json.fields.filter((f): f is JsonReference => f.kind === 'reference');
  const joins = refs.map((f, i) => `LEFT JOIN "${em.getMetadata().get(f.target.name).tableName}" ${refAlias(depth, i)} ON ${refAlias(depth, i)}."${column(em, f.target, primaryKey(f.target).name)}" = ${alias}."${f.column}"`);
  return {
    items: sql`string_agg(${objectSql(em, entity, json.fields, alias, depth, childValue)}, ',' ORDER BY ${raw(alias)}.__rn ${raw(forward ? 'ASC' : 'DESC')}) FILTER (WHERE ${raw(alias)}.__rn <= ${limit})`,
    joins: raw(joins.join(' ')),
  };
}

/**
 * Nodes per row of a page's statement: the page's JSON comes in pieces (RawJson), none large
 * enough for V8's large-object space. A node holding child lists is a piece of its own.
 */
export const piecesOf = (json: JsonNodes): number => (json.children.length ? 1 : 32);
