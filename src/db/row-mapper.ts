/**
 * Rows of our own SQL -> read-only entity instances, without the ORM's unit of work.
 * Lists can return a thousand rows per request; hydrating them as managed entities (identity
 * map, change tracking) cost more than the query itself. These instances have the entity's
 * prototype (its getters, instanceof, the GraphQL type) and references as `{ id }`.
 */
import type { EntityMetadata, EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;
type Mapper = (row: Row) => object;

const mappers = new WeakMap<EntityMetadata, Mapper>();

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

function build(meta: EntityMetadata): Mapper {
  const steps: ((target: Record<string, unknown>, row: Row) => void)[] = [];
  for (const prop of meta.props) {
    const column = prop.fieldNames?.[0];
    if (!column || prop.persist === false) continue;
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
  return (row) => {
    const target = Object.create(proto) as Record<string, unknown>;
    for (const step of steps) step(target, row);
    return target;
  };
}

export function mapRow<T>(em: EntityManager, entity: new () => T, row: Row): T {
  const meta = em.getMetadata().get(entity.name);
  let mapper = mappers.get(meta);
  if (!mapper) {
    mapper = build(meta);
    mappers.set(meta, mapper);
  }
  return mapper(row) as T;
}
