/**
 * Declarations of the facts the aggregation engine groups: which dimensions a fact can be
 * grouped by (as SQL expressions over the entity's table and joins) and which measures it has.
 * The engine turns a declaration plus a request into one parameterised SQL statement.
 */
import type { EntityDecl } from '../query/declaration';

/** What a group key is, and so how the GraphQL group exposes it. */
export type KeyType =
  | { kind: 'node'; entity: new () => { id: number } }
  | { kind: 'int' }
  | { kind: 'enum'; enumType: object };

export interface Dimension {
  /** Enum value in groupBy, e.g. AGENCY, YEAR, ACTION_TYPE. */
  name: string;
  /** Field on the group, e.g. agency, year, actionType. */
  field: string;
  /** SQL expression; `{date}` stands for the fact's main date. */
  sql: string;
  joins?: string[];
  key: KeyType;
  description: string;
}

export interface NumericField {
  /** Field name in sum/avg/min/max/percentile, e.g. fineAmount. */
  name: string;
  sql: string;
  kind: 'money' | 'int';
  description: string;
}

export interface DistinctField {
  /** Field in distinctCount, e.g. agencies. */
  name: string;
  sql: string;
  description: string;
}

/** A count of rows meeting a condition, and optionally its ratio to all rows of the group. */
export interface ConditionalCount {
  name: string;
  condition: string;
  description: string;
  /** Also expose `<ratioName>` = this count / count of rows where `ratioOf` holds (or all rows). */
  ratio?: { name: string; description: string; denominator?: string };
}

export interface FactDecl {
  /** Name used in the indicator catalogue's definitions, e.g. enforcementCase. */
  key: string;
  /** Prefix of GraphQL types, e.g. EnforcementCase -> EnforcementCaseGroup. */
  typeName: string;
  /** Root field, e.g. enforcementCaseStats. */
  field: string;
  description: string;
  entity: EntityDecl;
  dimensions: Dimension[];
  numeric: NumericField[];
  distinct: DistinctField[];
  conditional: ConditionalCount[];
  /** SQL of measures by id when they are not the plain aggregates (rollups re-aggregate partials). */
  measureSql?: Record<string, string>;
}

export function measureIds(fact: FactDecl): string[] {
  return [
    'count',
    ...fact.numeric.flatMap((n) => ['sum', 'avg', 'min', 'max'].map((a) => `${n.name}.${a}`)),
    ...fact.distinct.map((d) => `distinct.${d.name}`),
    ...fact.conditional.flatMap((c) => [c.name, ...(c.ratio ? [c.ratio.name] : [])]),
  ];
}
