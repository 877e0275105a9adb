/**
 * The semantic layer's vocabulary, on the model of Cube's cubes: a fact names its entity
 * declaration (which already holds every filter field's SQL), the filter fields it can be
 * grouped by (dimensions are derived from those, never retyped), its typed measures, and the
 * summary tables declared on it. The engine derives SQL, re-aggregation and coverage from this.
 */
import type { EntityDecl } from '../query/declaration';

/** What a group key is, and so how the GraphQL group exposes it. */
export type KeyType =
  | { kind: 'node'; entity: new () => { id: number } }
  | { kind: 'int' }
  | { kind: 'enum'; enumType: object };

/** A dimension as the engine uses it: derived from a filter field or from the main date. */
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

/** A count of rows meeting a condition, and optionally its ratio to the rows meeting another. */
export interface ConditionalCount {
  name: string;
  condition: string;
  description: string;
  /** Also expose `<ratio.name>` = this count / count of rows where `denominator` holds (or all rows). */
  ratio?: { name: string; description: string; denominator?: string };
}

/** A summary table declared on a fact: the dimensions it keeps (the finest calendar one sets its time grain). */
export interface SummaryDecl {
  name: string;
  dimensions: string[];
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
  /** Derived with dimensionsOf(): one declaration (the entity's filters) for filters and dimensions. */
  dimensions: Dimension[];
  numeric: NumericField[];
  distinct: DistinctField[];
  conditional: ConditionalCount[];
  /** Summary tables, smallest first: the first that covers a request answers it. */
  summaries?: SummaryDecl[];
}
