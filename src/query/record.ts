/**
 * A record declaration names properties; the SQL it needs is derived from MikroORM's metadata.
 * `record(Entity, spec)` turns filter and order fields given as property paths (`kind`,
 * `agency.level`, `review.heldOn`) into the table, alias, columns and joins the query layer and
 * the analytics engine use (EntityDecl), so a column name is written once: on the entity.
 */
import { MetadataStorage, ReferenceKind, UnderscoreNamingStrategy, type EntityClass } from '@mikro-orm/core';
import { getMetadataStorage } from 'type-graphql';
import type { EntityDecl, FieldKind, FilterField, OrderField, ParentLink, ReverseField } from './declaration';

export interface PropMeta {
  name: string;
  kind: string;
  type?: unknown;
  columnType?: string;
  entity?: () => EntityClass<object>;
  items?: () => object;
  enum?: boolean;
  nullable?: boolean;
  primary?: boolean;
  fieldNames?: string[];
}

const naming = new UnderscoreNamingStrategy();

type DecoratorMeta = { properties?: Record<string, PropMeta>; tableName?: string; collection?: string };
const decoratorMetaOf = new WeakMap<object, DecoratorMeta>();

/**
 * The metadata a class's decorators fill (one object per class, which later decorators add to).
 * Kept per class: MikroORM hashes the class's file path on each lookup (about 0.1 ms of a nested
 * page's request, which asks for it per column and reference).
 */
function decoratorMeta(c: unknown): DecoratorMeta {
  let meta = decoratorMetaOf.get(c as object);
  if (!meta) decoratorMetaOf.set(c as object, (meta = MetadataStorage.getMetadataFromDecorator(c as never) as never as DecoratorMeta));
  return meta;
}

/** Properties of an entity and its superclasses, from their decorators (no ORM instance needed). */
export function properties(entity: EntityClass<object>): Map<string, PropMeta> {
  const out = new Map<string, PropMeta>();
  for (let c: unknown = entity; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const p of Object.values(decoratorMeta(c).properties ?? {})) if (!out.has(p.name)) out.set(p.name, p);
  }
  return out;
}

export function tableOf(entity: EntityClass<object>): string {
  const meta = decoratorMeta(entity);
  return meta.tableName ?? meta.collection ?? naming.classToTableName(entity.name);
}

function property(entity: EntityClass<object>, name: string): PropMeta {
  const p = properties(entity).get(name);
  if (!p) throw new Error(`${entity.name} has no property ${name}`);
  return p;
}

export function primaryKey(entity: EntityClass<object>): PropMeta {
  const pk = [...properties(entity).values()].find((p) => p.primary);
  if (!pk) throw new Error(`${entity.name} has no primary key`);
  return pk;
}

/** The column a property is stored in; for a many-to-one, the column holding the parent's key. */
export function columnOf(entity: EntityClass<object>, name: string): string {
  const p = property(entity, name);
  if (p.fieldNames?.[0]) return p.fieldNames[0];
  if (p.kind === ReferenceKind.MANY_TO_ONE) return naming.joinKeyColumnName(p.name, columnOf(p.entity!(), primaryKey(p.entity!()).name));
  return naming.propertyToColumnName(p.name);
}

/** What a property holds, as a filter kind. */
function kindOf(p: PropMeta): FieldKind {
  if (p.kind === ReferenceKind.MANY_TO_ONE) return 'id';
  if (p.enum || p.items) return 'enum';
  const type = typeof p.type === 'string' ? p.type.toLowerCase() : (p.type as { constructor?: { name?: string } } | undefined)?.constructor?.name ?? '';
  if (type === 'date' || p.columnType === 'date') return 'date';
  if (/^(integer|int|smallint|number|bigint|biginttype)$/i.test(type)) return 'int';
  if (type === 'boolean') return 'bool';
  return 'text';
}

/** The GraphQL name type-graphql registered for a TypeScript enum. */
function enumName(items: object): string {
  const found = getMetadataStorage().enums.find((e) => e.enumObj === items);
  if (!found) throw new Error('an enum filter needs its enum registered with registerEnumType');
  return found.name;
}

/** A way to read a value of a property: as stored, its year, whether it is set, or as sortable text. */
export type Derivation = 'year' | 'isSet' | 'sortableDecimal';

export interface FilterSpec {
  /** Name in the GraphQL filter input, e.g. agencyCode. */
  name: string;
  /** Property path, e.g. `kind`, `agency.level`; `@date` is the record's main date. */
  path: string;
  description: string;
  /** Default: from the property (enum, date, int, text, bool; id for a many-to-one). */
  kind?: FieldKind;
  of?: Derivation;
  personal?: boolean;
  /** Compare with another entity's key found by one of its properties: countyCode -> county.id by code. */
  lookup?: { entity: EntityClass<object>; by: string; select?: string };
  /** For `asOf`: valid from one date property until another (exclusive, may be unset). */
  between?: { from: string; to: string };
}

export interface OrderSpec {
  name: string;
  path: string;
  kind?: OrderField['kind'];
  of?: Derivation;
  /** Sort keys must not be NULL (keyset paging compares them): unset values sort as the lowest. */
  unsetLowest?: boolean;
  personal?: boolean;
}

/** A parent reached through a link table, e.g. a task force's member agencies. */
export interface ThroughLink {
  through: EntityClass<object>;
  /** The link table's property pointing back at this record, and the one pointing at the parent. */
  self: string;
  parent: string;
}

export interface RecordSpec {
  /** GraphQL type name; default: the entity's class name. */
  name?: string;
  plural: string;
  records?: boolean;
  /** Property path of the date that places a record in time. */
  mainDate?: string;
  filters: FilterSpec[];
  orders: OrderSpec[];
  defaultOrder: EntityDecl['defaultOrder'];
  list?: EntityDecl['list'];
  links?: Record<string, ThroughLink>;
  reverse?: Record<string, ReverseField | false>;
}

/** Resolves property paths to SQL over the record's alias, collecting the joins they need. */
class Columns {
  readonly joins: Record<string, string> = {};

  constructor(readonly entity: EntityClass<object>, readonly alias: string) {}

  /** SQL of a path and the joins it needs: `agency.level` -> `<alias>__agency.level`, join `agency`. */
  resolve(path: string): { sql: string; joins: string[] } {
    const [head, ...rest] = path.split('.');
    if (!rest.length) return { sql: `${this.alias}.${columnOf(this.entity, head)}`, joins: [] };
    if (rest.length > 1) throw new Error(`${path}: one step through a relation at most`);
    const ref = property(this.entity, head);
    if (ref.kind !== ReferenceKind.MANY_TO_ONE) throw new Error(`${path}: ${head} is not a many-to-one relation`);
    const target = ref.entity!();
    const joined = `${this.alias}__${head}`;
    this.joins[head] ??= `${ref.nullable ? 'LEFT JOIN' : 'JOIN'} "${tableOf(target)}" ${joined} ON ${joined}.${columnOf(target, primaryKey(target).name)} = ${this.alias}.${columnOf(this.entity, head)}`;
    return { sql: `${joined}.${columnOf(target, rest[0])}`, joins: [head] };
  }

  propertyAt(path: string): PropMeta {
    const [head, ...rest] = path.split('.');
    return rest.length ? property(property(this.entity, head).entity!(), rest[0]) : property(this.entity, head);
  }

  link(name: string, l: ThroughLink): ParentLink {
    const joined = `${this.alias}__${name}`;
    this.joins[name] = `JOIN "${tableOf(l.through)}" ${joined} ON ${joined}.${columnOf(l.through, l.self)} = ${this.alias}.${columnOf(this.entity, primaryKey(this.entity).name)}`;
    return { column: `${joined}.${columnOf(l.through, l.parent)}`, join: name };
  }
}

function derive(sqlText: string, of: Derivation | undefined): string {
  switch (of) {
    case 'year': return `extract(year FROM ${sqlText})::int`;
    case 'isSet': return `(${sqlText} IS NOT NULL)`;
    case 'sortableDecimal': return `to_char(${sqlText}, 'FM0000000000000000.0000')`;
    default: return sqlText;
  }
}

/** The node type an id filter takes: the referenced type, the looked-up one, or the record's own. */
function idTypeOf(f: FilterSpec, p: PropMeta | undefined, own: string): string {
  const by = f.lookup ? property(f.lookup.entity, f.lookup.by) : undefined;
  if (by?.kind === ReferenceKind.MANY_TO_ONE) return by.entity!().name;
  if (p?.kind === ReferenceKind.MANY_TO_ONE) return p.entity!().name;
  return own;
}

const LOWEST: Record<OrderField['kind'], string> = { int: '-1', money: '-1', date: "'-infinity'::date", text: "''" };

/** The declaration the query layer and the analytics engine use, derived from the entity's metadata. */
export function record(entity: EntityClass<object>, spec: RecordSpec): EntityDecl {
  const table = tableOf(entity);
  const cols = new Columns(entity, table);
  const date = spec.mainDate ? cols.resolve(spec.mainDate) : undefined;
  const at = (path: string) => (path === '@date' ? { sql: '{date}', joins: date!.joins } : cols.resolve(path));

  const filters: FilterField[] = spec.filters.map((f) => {
    const { sql, joins } = at(f.path);
    const p = f.path === '@date' ? undefined : cols.propertyAt(f.path);
    const kind = f.kind ?? (f.of === 'year' ? 'int' : f.of === 'isSet' ? 'bool' : f.path === '@date' ? 'date' : kindOf(p!));
    const field: FilterField = { name: f.name, kind, sql: derive(sql, f.of), description: f.description };
    if (joins.length) field.joins = joins;
    if (f.of === 'year') field.yearOf = sql;
    if (kind === 'id') field.idType = idTypeOf(f, p, spec.name ?? entity.name);
    if (kind === 'enum') {
      const items = (p?.items ?? (() => undefined))();
      if (!items) throw new Error(`${entity.name}.${f.path} is not an enum`);
      field.enumType = items;
      field.enumName = enumName(items);
    }
    if (f.lookup) field.lookup = `SELECT ${columnOf(f.lookup.entity, f.lookup.select ?? primaryKey(f.lookup.entity).name)} FROM "${tableOf(f.lookup.entity)}" WHERE ${columnOf(f.lookup.entity, f.lookup.by)}`;
    if (f.personal) field.personal = true;
    if (f.between) field.asOf = { from: at(f.between.from).sql, to: at(f.between.to).sql };
    return field;
  });

  const orders: OrderField[] = spec.orders.map((o) => {
    const { sql, joins } = at(o.path);
    const kind = o.kind ?? ({ date: 'date', int: 'int' } as Record<string, OrderField['kind']>)[kindOf(cols.propertyAt(o.path))] ?? 'text';
    const value = derive(sql, o.of);
    const field: OrderField = { name: o.name, kind, sql: o.unsetLowest ? `COALESCE(${value}, ${LOWEST[kind]})` : value };
    if (joins.length) field.joins = joins;
    if (o.personal) field.personal = true;
    return field;
  });

  const props = properties(entity);
  const links = Object.fromEntries(Object.entries(spec.links ?? {}).map(([parent, l]) => [parent, cols.link(parent, l)]));
  return {
    name: spec.name ?? entity.name,
    plural: spec.plural,
    entity,
    table,
    alias: table,
    joins: cols.joins,
    filters,
    orders,
    defaultOrder: spec.defaultOrder,
    // Records keyed by their county (every fact table) are scoped and refreshed by it.
    ...(props.get('county')?.kind === ReferenceKind.MANY_TO_ONE && !props.get('county')?.nullable ? { countyColumn: `${table}.${columnOf(entity, 'county')}` } : {}),
    ...(date ? { mainDate: date.sql } : {}),
    ...(spec.records ? { records: true } : {}),
    ...(spec.list ? { list: spec.list } : {}),
    ...(Object.keys(links).length ? { links } : {}),
    ...(spec.reverse ? { reverse: spec.reverse } : {}),
  };
}
