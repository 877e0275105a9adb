/** Dimensions most facts share: county, agency, agency level, township, and the calendar of the main date. */
import { AgencyLevel, Agency } from '../modules/agency/agency.entity';
import { County } from '../modules/geography/county.entity';
import { Township } from '../modules/geography/township.entity';
import type { Dimension } from './fact';

export function countyDimension(column: string): Dimension {
  return { name: 'COUNTY', field: 'county', sql: column, key: { kind: 'node', entity: County }, description: 'By county.' };
}

export function agencyDimensions(column: string, join: string, alias: string, noun = 'agency'): Dimension[] {
  return [
    { name: 'AGENCY', field: 'agency', sql: column, key: { kind: 'node', entity: Agency }, description: `By ${noun} (department or township government).` },
    { name: 'AGENCY_LEVEL', field: 'agencyLevel', sql: `${alias}.level`, joins: [join], key: { kind: 'enum', enumType: AgencyLevel }, description: `By level of the ${noun}.` },
  ];
}

export function townshipDimension(column: string): Dimension {
  return { name: 'TOWNSHIP', field: 'township', sql: column, key: { kind: 'node', entity: Township }, description: 'By township where it happened (null: not recorded).' };
}

/** YEAR, QUARTER, MONTH of the fact's main date; `joins` when that date lives in a joined table. */
export function calendarDimensions(what: string, joins?: string[]): Dimension[] {
  return [
    { name: 'YEAR', field: 'year', sql: 'extract(year FROM {date})::int', joins, key: { kind: 'int' }, description: `By year of ${what}.` },
    { name: 'QUARTER', field: 'quarter', sql: 'extract(quarter FROM {date})::int', joins, key: { kind: 'int' }, description: `By quarter (1-4) of ${what}; combine with YEAR.` },
    { name: 'MONTH', field: 'month', sql: 'extract(month FROM {date})::int', joins, key: { kind: 'int' }, description: `By month (1-12) of ${what}; combine with YEAR.` },
  ];
}
