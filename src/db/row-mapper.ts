/**
 * Rows of our own SQL -> read-only entity instances, without the ORM's unit of work.
 * Lists can return a thousand rows per request; hydrating them as managed entities (identity
 * map, change tracking) cost more than the query itself. These instances have the entity's
 * prototype (its getters, instanceof, the GraphQL type) and references as `{ id }`.
 */
import type { EntityMetadata, EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;
type Mapper = (row: Row) => object;

/** Mappers by entity, then by column prefix (e.g. `__ref0_` for a joined reference) and the properties read. */
const mappers = new WeakMap<EntityMetadata, Map<string, Mapper>>();

/** On every mapped instance's prototype: it was read for the selection that reaches it (a reference `{ id }` or an ORM reference was not). */
const MAPPED = Symbol('a mapped row');
/** Also, when it holds every column, so any later selection may use it. */
const COMPLETE = Symbol('a complete row');

/** "2026-11-28 01:38:26.952349+00" (PostgreSQL text) -> Date. */
function parseTimestamp(v: string): Date {
  const iso = v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(iso);
}

function converter(type: string): ((v: unknown) => unknown) | null {
  const t = type.toLowerCase();
  if (t.includes('bigint')) return (v) => (v === null ? null : Number(v));
  if (t.includes('timestamp') || t === 'datetime') return (v) => (typeof v === 'string' ? parseTimestamp(v) : v);
  return null;
}

/** Properties the mapper reads, each from its one column: all, or those named. */
function mappedProps(meta: EntityMetadata, only?: readonly string[] | null) {
  return meta.props.filter((prop) => prop.fieldNames?.[0] && prop.persist !== false && (prop.kind === 'm:1' || prop.kind === 'scalar') && (!only || only.includes(prop.name)));
}

function build(meta: EntityMetadata, prefix: string, only: readonly string[] | null): Mapper {
  const steps: ((target: Record<string, unknown>, row: Row) => void)[] = [];
  for (const prop of mappedProps(meta, only)) {
    const column = prefix + prop.fieldNames[0];
    if (prop.kind === 'm:1') {
      const pk = prop.targetMeta?.primaryKeys[0] ?? 'id';
      const numeric = prop.targetMeta?.properties[pk]?.type?.toLowerCase().includes('int') ?? true;
      steps.push((t, r) => {
        const v = r[column];
        t[prop.name] = v === null || v === undefined ? null : { [pk]: numeric ? Number(v) : v };
      });
    } else if (prop.kind === 'scalar') {
      const typeName = String(prop.columnTypes?.[0] ?? prop.type ?? '');
      const convert = converter(typeName);
      steps.push(convert ? (t, r) => { t[prop.name] = convert(r[column]); } : (t, r) => { t[prop.name] = r[column]; });
    }
  }
  // The ORM puts change-tracking accessors for every property on the entity's prototype. A prototype
  // in between with plain writable properties makes assignments create own data properties instead.
  const proto = Object.create(meta.class.prototype as object) as object;
  for (const prop of meta.props) Object.defineProperty(proto, prop.name, { value: undefined, writable: true, configurable: true });
  Object.defineProperty(proto, MAPPED, { value: true });
  if (!only) Object.defineProperty(proto, COMPLETE, { value: true });
  return (row) => {
    const target = Object.create(proto) as Record<string, unknown>;
    for (const step of steps) step(target, row);
    return target;
  };
}

/**
 * Maps `row`: its columns named with `prefix` (a reference joined into another entity's row), and
 * only the properties `only` names (sorted), when the statement read just those.
 */
export function mapRow<T>(em: EntityManager, entity: new () => T, row: Row, prefix = '', only: readonly string[] | null = null): T {
  const meta = em.getMetadata().get(entity.name);
  let byKey = mappers.get(meta);
  if (!byKey) mappers.set(meta, (byKey = new Map()));
  const key = only ? `${prefix}|${only.join(',')}` : prefix;
  let mapper = byKey.get(key);
  if (!mapper) byKey.set(key, (mapper = build(meta, prefix, only)));
  return mapper(row) as T;
}

/** The columns mapRow reads for `entity` (or for the properties `only` names): what a statement selects. */
export function mappedColumns(em: EntityManager, entity: { name: string }, only: readonly string[] | null = null): string[] {
  return mappedProps(em.getMetadata().get(entity.name), only).map((p) => p.fieldNames[0]);
}

/** Whether `value` was made by mapRow for the selection that reaches it (not a reference's `{ id }`). */
export function isMappedRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [MAPPED]?: true })[MAPPED] === true;
}

/** Whether `value` was made by mapRow from every column, so any selection may use it (a loader may hold it). */
export function isCompleteRow(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [COMPLETE]?: true })[COMPLETE] === true;
}
