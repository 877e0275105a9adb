import { idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { countyFilters } from '../geography/geography-filters';
import { Agency } from './agency.entity';

export const agencyDecl = record(Agency, {
  plural: 'agencies',
  filters: [
    idFilter('Agency'),
    ...countyFilters(),
    { name: 'code', path: 'code', description: 'Agency code (e.g. 410726-SFJ).' },
    { name: 'name', path: 'name', description: 'Name or part of it, in Chinese (matches aliases too with contains).' },
    { name: 'level', path: 'level', description: 'County department or township government.' },
    { name: 'townshipId', path: 'township', description: 'For township governments: the township, by global ID.' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'CODE', path: 'code' }, { name: 'NAME', path: 'name' }, { name: 'LEVEL', path: 'level' }],
  defaultOrder: [{ field: 'LEVEL', direction: 'ASC' }, { field: 'CODE', direction: 'ASC' }],
  list: { field: 'agencies', description: 'Agencies (行政机关/执法单位) of every county.' },
  reverse: {
    County: { description: 'Agencies: county departments and township governments.' },
    Township: { description: 'Agencies of the township: its government (乡镇政府/街道办事处), when recorded.' },
  },
});
