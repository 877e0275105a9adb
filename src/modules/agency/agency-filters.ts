import type { FilterSpec } from '../../query/record';
import { Agency } from './agency.entity';

/** agencyId / agencyCode / agencyLevel on a many-to-one property pointing at an agency (`agency`, `organizer`…). */
export function agencyFilters(path = 'agency', noun = 'agency'): FilterSpec[] {
  return [
    { name: 'agencyId', path, description: `The ${noun}, by global ID.` },
    { name: 'agencyCode', path, kind: 'code', lookup: { entity: Agency, by: 'code' }, description: `The ${noun}, by agency code (e.g. 410726-SCJGJ).` },
    { name: 'agencyLevel', path: `${path}.level`, description: `Level of the ${noun}: county department or township government.` },
  ];
}
