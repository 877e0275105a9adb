import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { LitigationCase } from './litigation-case.entity';

export const litigationCaseDecl = record(LitigationCase, {
  records: true,
  plural: 'court cases',
  mainDate: 'heardOn',
  filters: [
    idFilter('LitigationCase'),
    ...countyFilters(),
    ...agencyFilters('defendantAgency', 'agency party to the case'),
    { name: 'kind', path: 'kind', description: 'Administrative, civil or enforcement.' },
    { name: 'outcome', path: 'outcome', description: 'Outcome, where published.' },
    { name: 'headAppeared', path: 'headAppeared', description: 'Whether the agency head appeared in court.' },
    ...dateFilters('heardOn', 'Date of the hearing.'),
    { name: 'caseNumber', path: 'caseNumber', description: 'Court case number (案号).' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'HEARD_ON', path: 'heardOn' }, { name: 'CASE_NUMBER', path: 'caseNumber' }],
  defaultOrder: [{ field: 'HEARD_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'litigationCases', description: 'Court cases involving agencies (行政/民事/执行案件).' },
  reverse: { County: {}, Agency: { description: 'Court cases the agency is party to.' } },
});
