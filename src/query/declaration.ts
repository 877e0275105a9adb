/**
 * Declarations of the entities the API can list, filter, order, page and aggregate.
 * One declaration per entity drives the GraphQL filter/order inputs, the SQL of connections
 * (root and batched per parent) and the aggregation engine's dimensions and measures.
 * Every SQL fragment here is written by us; request values only ever become parameters.
 */
import type { EntityClass } from '@mikro-orm/core';

/** `asOf` takes a date (not operators): valid on that day between two date columns. */
export type FieldKind = 'id' | 'enum' | 'date' | 'int' | 'money' | 'text' | 'code' | 'bool' | 'asOf';

export interface FilterField {
  /** Name in the GraphQL filter input, e.g. agencyId, actionType, decidedOn. */
  name: string;
  kind: FieldKind;
  /** SQL expression over the entity's alias (or a joined alias named in `joins`). */
  sql: string;
  description: string;
  /** For `id` fields: the GraphQL type of the referenced node (global ID prefix). */
  idType?: string;
  /** For `enum` fields: the TypeScript enum and its GraphQL name. */
  enumType?: object;
  enumName?: string;
  /** A subquery mapping the value to the compared column, e.g. `SELECT id FROM county WHERE code` (value compared with its last column). */
  lookup?: string;
  /** Joins this expression needs (keys of EntityDecl.joins). */
  joins?: string[];
  /** Personal data: only some roles may filter, order or group by it. */
  personal?: boolean;
  /** For `asOf`: the columns a record is valid between (to is exclusive and may be NULL). */
  asOf?: { from: string; to: string };
  /** For the year of a date: that date's SQL, so year conditions become date ranges (indexes, partition pruning). */
  yearOf?: string;
}

export interface OrderField {
  /** Enum value in the GraphQL order input, e.g. DECIDED_ON. */
  name: string;
  /** SQL expression; must not be NULL (coalesce nullable columns), so keyset paging is exact. */
  sql: string;
  kind: 'int' | 'text' | 'date' | 'money';
  joins?: string[];
  personal?: boolean;
}

/** A link a child connection can be batched by, e.g. cases by agency_id (derived from @ManyToOne, src/query/relations-meta.ts). */
export interface ParentLink {
  /** Column holding the parent's id. */
  column: string;
  /** A join the column lives in (many-to-many links, e.g. task force members). */
  join?: string;
  /** The many-to-one property it comes from, when it does. */
  property?: string;
}

/** How a child list appears on a parent type. */
export interface ReverseField {
  /** Field name on the parent; default: the declaration's list field. */
  field?: string;
  description?: string;
}

export interface EntityDecl {
  /** GraphQL type name, also the global ID prefix. */
  name: string;
  /** Plural for root fields and descriptions, e.g. enforcementCases. */
  plural: string;
  entity: EntityClass<object>;
  table: string;
  alias: string;
  /** Join clauses by name; a filter or order field lists the ones it needs. */
  joins: Record<string, string>;
  filters: FilterField[];
  orders: OrderField[];
  defaultOrder: { field: string; direction: 'ASC' | 'DESC' }[];
  /** The root list field, e.g. enforcementCases, with its description; absent when the list has none (or a hand-written one). */
  list?: { field: string; description: string };
  /** Links to parents that are not a many-to-one property (those are derived), by parent type name. */
  links?: Record<string, ParentLink>;
  /** The child list on each parent type, by parent type name: its name and description, or false for none. */
  reverse?: Record<string, ReverseField | false>;
  /** Column with the county id (every record table has one), for scoping. */
  countyColumn?: string;
  /** The date that places a record in time (YEAR, QUARTER, MONTH); `{date}` in filter SQL stands for it. */
  mainDate?: string;
  /** Record-level data: lists and nodes need an API key (anonymous callers get figures and aggregates). */
  records?: boolean;
}

