import type { FilterField } from '../../query/declaration';
import { AgencyLevel } from './agency.entity';

/** agencyId / agencyCode / agencyLevel on an agency_id column; `join` names a join exposing the agency as `alias`. */
export function agencyFilters(column: string, join: string, alias: string, noun = 'agency'): FilterField[] {
  return [
    { name: 'agencyId', kind: 'id', idType: 'Agency', sql: column, description: `The ${noun}, by global ID.` },
    { name: 'agencyCode', kind: 'code', sql: column, lookup: 'SELECT id FROM agency WHERE code', description: `The ${noun}, by agency code (e.g. 410726-SCJGJ).` },
    { name: 'agencyLevel', kind: 'enum', enumType: AgencyLevel, enumName: 'AgencyLevel', sql: `${alias}.level`, joins: [join], description: `Level of the ${noun}: county department or township government.` },
  ];
}
