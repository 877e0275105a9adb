/**
 * Many-to-one relations as MikroORM's decorators declare them: the one place a relation is
 * written. Child connections batched by parent (the reverse direction) and the forward fields
 * are derived from here, so neither needs its column or its parent spelled out again.
 */
import { ReferenceKind, type EntityClass } from '@mikro-orm/core';
import type { EntityDecl, ParentLink } from './declaration';
import { columnOf, primaryKey, properties } from './record';

export interface ManyToOneRef {
  /** Property on the child, e.g. organizer. */
  property: string;
  target: EntityClass<object>;
  nullable: boolean;
  /** Column holding the parent's key, e.g. organizer_id. */
  column: string;
}

const cache = new Map<EntityClass<object>, ManyToOneRef[]>();

/** Many-to-one properties of `entity` (inherited ones included), from its decorators; no ORM instance needed. */
export function manyToOnes(entity: EntityClass<object>): ManyToOneRef[] {
  let refs = cache.get(entity);
  if (!refs) {
    refs = [...properties(entity).values()]
      .filter((p) => p.kind === ReferenceKind.MANY_TO_ONE && !p.primary)
      .map((p) => ({ property: p.name, target: p.entity!(), nullable: Boolean(p.nullable), column: columnOf(entity, p.name) }));
    cache.set(entity, refs);
  }
  return refs;
}

/** Whether rows of `entity` are keyed by a numeric `id` (child lists are batched by it). */
export function hasNumericId(entity: EntityClass<object>): boolean {
  const pk = primaryKey(entity);
  return pk.name === 'id' && /^(integer|number|int)$/i.test(String(pk.type ?? ''));
}

const links = new Map<EntityDecl, Record<string, ParentLink>>();

/**
 * Every parent a declaration's rows can be listed under, by parent type name: one per
 * many-to-one property, plus the links the declaration adds (e.g. task forces by member agency).
 */
export function parentLinks(decl: EntityDecl): Record<string, ParentLink> {
  let found = links.get(decl);
  if (!found) {
    const derived = Object.fromEntries(manyToOnes(decl.entity).map((r) => [r.target.name, { column: `${decl.alias}.${r.column}`, property: r.property }]));
    found = { ...derived, ...decl.links };
    links.set(decl, found);
  }
  return found;
}
