/**
 * Dimensions are derived from the entity's filter fields (their SQL, joins and type) and from
 * its main date, so a fact states once what a column means for filtering and for grouping.
 */
import { Agency } from '../modules/agency/agency.entity';
import { County } from '../modules/geography/county.entity';
import { Township } from '../modules/geography/township.entity';
import { TaskForce } from '../modules/task-force/task-force.entity';
import type { EntityDecl } from '../query/declaration';
import type { Dimension, DistinctField, KeyType, NumericField } from './fact';

/** Node types a dimension can key groups by (the id filter's idType names them). */
const NODE_TYPES: Record<string, new () => { id: number }> = { County, Agency, Township, TaskForce };

export const CALENDAR = ['YEAR', 'QUARTER', 'MONTH'] as const;

const upperSnake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export interface DimensionSpec {
  /** A filter field of the entity (countyId, agencyLevel, actionType...), or a calendar part of the main date. */
  filter: string;
  description: string;
}

/** A filter-field dimension: countyId -> COUNTY keyed by County, actionType -> ACTION_TYPE keyed by its enum. */
function fromFilter(entity: EntityDecl, spec: DimensionSpec): Dimension {
  const f = entity.filters.find((x) => x.name === spec.filter);
  if (!f) throw new Error(`${entity.name} has no filter ${spec.filter} to derive a dimension from`);
  let key: KeyType;
  if (f.kind === 'id') {
    const node = NODE_TYPES[f.idType!];
    if (!node) throw new Error(`${entity.name}.${f.name}: no node type ${f.idType} for a dimension`);
    key = { kind: 'node', entity: node };
  } else if (f.kind === 'enum') key = { kind: 'enum', enumType: f.enumType! };
  else if (f.kind === 'int') key = { kind: 'int' };
  else throw new Error(`${entity.name}.${f.name}: a ${f.kind} filter cannot be a dimension`);
  const base = f.kind === 'id' ? f.name.replace(/Id$/, '') : f.name;
  return { name: upperSnake(base), field: base, sql: f.sql, joins: f.joins, key, description: spec.description };
}

/** YEAR, QUARTER, MONTH of the fact's main date (its joins come from the `year` filter when the date is joined). */
function calendar(entity: EntityDecl, what: string): Dimension[] {
  const joins = entity.filters.find((f) => f.name === 'year')?.joins;
  return [
    { name: 'YEAR', field: 'year', sql: 'extract(year FROM {date})::int', joins, key: { kind: 'int' }, description: `By year of ${what}.` },
    { name: 'QUARTER', field: 'quarter', sql: 'extract(quarter FROM {date})::int', joins, key: { kind: 'int' }, description: `By quarter (1-4) of ${what}; combine with YEAR.` },
    { name: 'MONTH', field: 'month', sql: 'extract(month FROM {date})::int', joins, key: { kind: 'int' }, description: `By month (1-12) of ${what}; combine with YEAR.` },
  ];
}

/** The dimensions of a fact, in GraphQL enum order: filter fields, with the calendar at `calendarAt` ('the decision'...). */
export function dimensionsOf(entity: EntityDecl, specs: (DimensionSpec | { calendar: string })[]): Dimension[] {
  return specs.flatMap((s) => ('calendar' in s ? calendar(entity, s.calendar) : [fromFilter(entity, s)]));
}

/** The usual leading dimensions: county, agency and its level (named for the fact's kind of agency). */
export function placeDimensions(noun = 'agency'): DimensionSpec[] {
  return [
    { filter: 'countyId', description: 'By county.' },
    { filter: 'agencyId', description: `By ${noun} (department or township government).` },
    { filter: 'agencyLevel', description: `By level of the ${noun}.` },
  ];
}

export const TOWNSHIP_DIMENSION: DimensionSpec = { filter: 'townshipId', description: 'By township where it happened (null: not recorded).' };
export const PROVENANCE_DIMENSION: DimensionSpec = { filter: 'provenance', description: 'By provenance (published, synthetic, imported).' };

/** A measured amount (sum, avg, min, max, percentile): an int or money filter field of the entity. */
export function amountOf(entity: EntityDecl, filter: string, description: string): NumericField {
  const f = entity.filters.find((x) => x.name === filter);
  if (!f || (f.kind !== 'int' && f.kind !== 'money')) throw new Error(`${entity.name} has no int or money filter ${filter} to measure`);
  return { name: f.name, sql: f.sql, kind: f.kind, description };
}

/** A distinct count of what a filter field (usually an id) holds: agencies <- agencyId. */
export function distinctOf(entity: EntityDecl, name: string, filter: string, description: string): DistinctField {
  const f = entity.filters.find((x) => x.name === filter);
  if (!f) throw new Error(`${entity.name} has no filter ${filter} to count distinct`);
  return { name, sql: f.sql, description };
}

/** The SQL of a filter field, for a condition over it (`${columnOf(decl, 'leniency')} <> 'NONE'`): columns stay named by the declaration. */
export function columnOf(entity: EntityDecl, filter: string): string {
  const f = entity.filters.find((x) => x.name === filter);
  if (!f || f.joins?.length || f.sql.includes('{date}')) throw new Error(`${entity.name} has no plain column filter ${filter}`);
  return f.sql;
}
