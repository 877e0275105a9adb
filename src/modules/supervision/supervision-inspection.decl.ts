import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { SupervisionInspection } from './supervision-inspection.entity';

export const supervisionInspectionDecl = record(SupervisionInspection, {
  records: true,
  plural: 'supervision inspections',
  mainDate: 'inspectedOn',
  filters: [
    idFilter('SupervisionInspection'),
    ...countyFilters(),
    ...agencyFilters('agency', 'inspected agency'),
    ...dateFilters('inspectedOn', 'Date of the inspection.'),
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'INSPECTED_ON', path: 'inspectedOn' }],
  defaultOrder: [{ field: 'INSPECTED_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'supervisionInspections', description: 'Special supervision inspections (专项监督检查).' },
  reverse: { County: {}, Agency: { description: 'Supervision inspections of the agency.' } },
});
