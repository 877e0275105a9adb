/**
 * A page's nodes as JSON written by PostgreSQL, for selections of plain columns and of the columns
 * of many-to-one references (src/graphql/json-pages.ts decides which, and where): one text per
 * page, where the row path makes a row, a mapped object and a result object per node and then
 * encodes them. The answer's encoder copies the text (RawJson).
 * Keys go as parameters; values through to_json, which writes text, integers, booleans and dates
 * as graphql-js serialises the String, Int and Boolean fields those columns are read by
 * (a date as YYYY-MM-DD, as the row path reads it).
 */
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { join, raw, sql, type Sql } from '../db/sql';
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
export type JsonField = JsonLeaf | JsonReference;

/** What a page's nodes select, in answer order; `signature` tells plans apart (a loader's key). */
export interface JsonNodes {
  fields: JsonField[];
  signature: string;
}

function column(em: EntityManager, entity: EntityClass<object>, property: string): string {
  const prop = em.getMetadata().get(entity.name).properties[property as never] as { fieldNames?: string[] } | undefined;
  const name = prop?.fieldNames?.[0];
  if (!name) throw new Error(`${entity.name}.${property} has no column`);
  return name;
}

const refAlias = (i: number) => `__j${i}`;

/** One node's JSON object, from the columns of `alias` (and of the joined references). */
function objectSql(em: EntityManager, entity: EntityClass<object>, fields: readonly JsonField[], alias: string): Sql {
  const parts: Sql[] = [];
  let refs = 0;
  fields.forEach((f, i) => {
    parts.push(sql`${`${i === 0 ? '{' : ','}${JSON.stringify(f.key)}:`}::text`);
    if (f.kind === 'typename') parts.push(sql`${JSON.stringify(f.typename)}::text`);
    // base64 without its padding and line breaks, with - and _ for + and /: base64url, as toGlobalId writes it.
    else if (f.kind === 'globalId') parts.push(sql`'"' || translate(encode(convert_to(${`${f.typename}:`}::text || ${raw(`${alias}."${column(em, entity, primaryKey(entity).name)}"`)}, 'UTF8'), 'base64'), ${'+/=\n'}::text, '-_') || '"'`);
    else if (f.kind === 'column') parts.push(sql`coalesce(to_json(${raw(`${alias}."${column(em, entity, f.property)}"`)})::text, 'null')`);
    else {
      const ref = refAlias(refs++);
      const pk = column(em, f.target, primaryKey(f.target).name);
      parts.push(sql`CASE WHEN ${raw(`${ref}."${pk}"`)} IS NULL THEN 'null' ELSE ${objectSql(em, f.target, f.fields, ref)} END`);
    }
  });
  parts.push(fields.length ? sql`'}'` : sql`'{}'`);
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
 * Over rows `x` numbered by `__rn` in page order (at most limit + 1 of them): `__nodes`, the JSON
 * array of the first `limit` in the order the page shows them (a backward page reversed), and
 * `__n`, how many rows there were (one more than limit: there is a next page).
 */
export function jsonAggregate(em: EntityManager, entity: EntityClass<object>, json: JsonNodes, limit: number, forward: boolean): { select: Sql; joins: Sql } {
  const refs = json.fields.filter((f): f is JsonReference => f.kind === 'reference');
  const joins = refs.map((f, i) => `LEFT JOIN "${em.getMetadata().get(f.target.name).tableName}" ${refAlias(i)} ON ${refAlias(i)}."${column(em, f.target, primaryKey(f.target).name)}" = x."${f.column}"`);
  return {
    select: sql`'[' || coalesce(string_agg(${objectSql(em, entity, json.fields, 'x')}, ',' ORDER BY x.__rn ${raw(forward ? 'ASC' : 'DESC')}) FILTER (WHERE x.__rn <= ${limit}), '') || ']' AS __nodes, count(*) AS __n`,
    joins: raw(joins.join(' ')),
  };
}
