import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { SupervisionInspection } from './supervision-inspection.entity';

export const supervisionInspectionDecl: EntityDecl = {
  name: 'SupervisionInspection',
  records: true,
  plural: 'supervision inspections',
  entity: SupervisionInspection,
  table: 'supervision_inspection',
  alias: 's',
  mainDate: 's.inspected_on',
  countyColumn: 's.county_id',
  joins: { agency: 'JOIN agency sa ON sa.id = s.agency_id' },
  filters: [
    idFilter('SupervisionInspection', 's.id'),
    ...countyFilters('s.county_id'),
    ...agencyFilters('s.agency_id', 'agency', 'sa', 'inspected agency'),
    ...dateFilters('inspectedOn', 'Date of the inspection.'),
    provenanceFilter('s'),
  ],
  orders: [idOrder('s.id'), { name: 'INSPECTED_ON', kind: 'date', sql: 's.inspected_on' }],
  defaultOrder: [{ field: 'INSPECTED_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'supervisionInspections', description: 'Special supervision inspections (专项监督检查).' },
  reverse: { County: {}, Agency: { description: 'Supervision inspections of the agency.' } },
};
