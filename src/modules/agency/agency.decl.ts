import { countyFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import type { EntityDecl } from '../../query/declaration';
import { Agency, AgencyLevel } from './agency.entity';

export const agencyDecl: EntityDecl = {
  name: 'Agency',
  plural: 'agencies',
  entity: Agency,
  table: 'agency',
  alias: 'a',
  countyColumn: 'a.county_id',
  joins: {},
  filters: [
    idFilter('Agency', 'a.id'),
    ...countyFilters('a.county_id'),
    { name: 'code', kind: 'text', sql: 'a.code', description: 'Agency code (e.g. 410726-SFJ).' },
    { name: 'name', kind: 'text', sql: 'a.name', description: 'Name or part of it, in Chinese (matches aliases too with contains).' },
    { name: 'level', kind: 'enum', enumType: AgencyLevel, enumName: 'AgencyLevel', sql: 'a.level', description: 'County department or township government.' },
    { name: 'townshipId', kind: 'id', idType: 'Township', sql: 'a.township_id', description: 'For township governments: the township, by global ID.' },
    provenanceFilter('a'),
  ],
  orders: [idOrder('a.id'), { name: 'CODE', kind: 'text', sql: 'a.code' }, { name: 'NAME', kind: 'text', sql: 'a.name' }, { name: 'LEVEL', kind: 'text', sql: 'a.level' }],
  defaultOrder: [{ field: 'LEVEL', direction: 'ASC' }, { field: 'CODE', direction: 'ASC' }],
  list: { field: 'agencies', description: 'Agencies (行政机关/执法单位) of every county.' },
  reverse: {
    County: { description: 'Agencies: county departments and township governments.' },
    Township: { description: 'Agencies of the township: its government (乡镇政府/街道办事处), when recorded.' },
  },
};
