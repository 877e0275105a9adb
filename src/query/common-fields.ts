/** Filter and order fields that many declarations share. */
import { Provenance } from '../common/provenance';
import type { FilterField, OrderField } from './declaration';

export function idFilter(type: string, sql: string): FilterField {
  return { name: 'id', kind: 'id', idType: type, sql, description: `By global ID of the ${type}.` };
}

export function idOrder(sql: string): OrderField {
  return { name: 'ID', kind: 'int', sql };
}

/** countyId / countyCode on a county_id column. */
export function countyFilters(column: string): FilterField[] {
  return [
    { name: 'countyId', kind: 'id', idType: 'County', sql: column, description: 'County, by global ID.' },
    { name: 'countyCode', kind: 'code', sql: column, lookup: 'SELECT id FROM county WHERE code', description: 'County, by GB/T 2260 code (e.g. 410726).' },
  ];
}

export function townshipFilters(column: string): FilterField[] {
  return [
    { name: 'townshipId', kind: 'id', idType: 'Township', sql: column, description: 'Township where it happened, by global ID.' },
    { name: 'townshipCode', kind: 'code', sql: column, lookup: 'SELECT id FROM township WHERE code', description: 'Township where it happened, by nine-digit code.' },
  ];
}

/** The main date (as `name`) and its year. */
export function dateFilters(name: string, description: string): FilterField[] {
  return [
    { name, kind: 'date', sql: '{date}', description },
    { name: 'year', kind: 'int', sql: 'extract(year FROM {date})::int', description: `Year of ${name}.` },
  ];
}

export function provenanceFilter(alias: string): FilterField {
  return { name: 'provenance', kind: 'enum', enumType: Provenance, enumName: 'Provenance', sql: `${alias}.provenance`, description: 'Published, synthetic or imported.' };
}
