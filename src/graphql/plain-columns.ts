/** Which GraphQL fields of an entity read one stored column as it is (page-selection.ts, json-pages.ts). */
import { ReferenceKind, type EntityClass } from '@mikro-orm/core';
import { getMetadataStorage } from 'type-graphql';
import { properties } from '../query/record';

const chain = (entity: Function): Function[] => {
  const out: Function[] = [];
  for (let c: unknown = entity; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) out.push(c as Function);
  return out;
};

const columnFields = new Map<Function, Map<string, string>>();

/**
 * GraphQL field name -> property, for the fields of `entity` that are a stored column read as is:
 * a @Field on a persisted scalar property, with no resolver, middleware or role of its own.
 * `id` is the global ID, made from the numeric primary key (node(id:) finds a row by it).
 */
export function plainColumnFields(entity: EntityClass<object>): Map<string, string> {
  let found = columnFields.get(entity);
  if (found) return found;
  const storage = getMetadataStorage();
  const classes = chain(entity);
  const props = properties(entity);
  const resolved = new Set(storage.fieldResolvers.filter((r) => classes.includes(r.getObjectType?.() as Function)).map((r) => r.schemaName));
  found = new Map([['id', 'id']]);
  for (const f of storage.fields) {
    if (!classes.includes(f.target) || found.has(f.schemaName) || resolved.has(f.schemaName) || f.middlewares?.length || f.roles?.length) continue;
    const p = props.get(f.name);
    const getter = classes.some((c) => Object.getOwnPropertyDescriptor(c.prototype, f.name)?.get);
    if (p && p.kind === ReferenceKind.SCALAR && (p as { persist?: boolean }).persist !== false && !getter) found.set(f.schemaName, f.name);
  }
  columnFields.set(entity, found);
  return found;
}

