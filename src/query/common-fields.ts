/** Filter and order fields that many record declarations share, named by property (src/query/record.ts). */
import type { FilterSpec, OrderSpec } from './record';

export function idFilter(type: string): FilterSpec {
  return { name: 'id', path: 'id', kind: 'id', description: `By global ID of the ${type}.` };
}

export function idOrder(): OrderSpec {
  return { name: 'ID', path: 'id', kind: 'int' };
}

/** The main date (as `name`) and its year. */
export function dateFilters(name: string, description: string): FilterSpec[] {
  return [
    { name, path: '@date', description },
    { name: 'year', path: '@date', of: 'year', description: `Year of ${name}.` },
  ];
}

export function provenanceFilter(description = 'Published, synthetic or imported.'): FilterSpec {
  return { name: 'provenance', path: 'provenance', description };
}
