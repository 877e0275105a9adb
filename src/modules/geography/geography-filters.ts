import type { FilterSpec } from '../../query/record';
import { County } from './county.entity';
import { Township } from './township.entity';

/** countyId / countyCode on the record's county. */
export function countyFilters(): FilterSpec[] {
  return [
    { name: 'countyId', path: 'county', description: 'County, by global ID.' },
    { name: 'countyCode', path: 'county', kind: 'code', lookup: { entity: County, by: 'code' }, description: 'County, by GB/T 2260 code (e.g. 410726).' },
  ];
}

/** townshipId / townshipCode on the record's township. */
export function townshipFilters(): FilterSpec[] {
  return [
    { name: 'townshipId', path: 'township', description: 'Township where it happened, by global ID.' },
    { name: 'townshipCode', path: 'township', kind: 'code', lookup: { entity: Township, by: 'code' }, description: 'Township where it happened, by nine-digit code.' },
  ];
}
