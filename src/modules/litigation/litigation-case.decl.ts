import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { LitigationCase, LitigationKind, LitigationOutcome } from './litigation-case.entity';

export const litigationCaseDecl: EntityDecl = {
  name: 'LitigationCase',
  records: true,
  plural: 'court cases',
  entity: LitigationCase,
  table: 'litigation_case',
  alias: 'l',
  mainDate: 'l.heard_on',
  countyColumn: 'l.county_id',
  joins: { agency: 'LEFT JOIN agency la ON la.id = l.defendant_agency_id' },
  filters: [
    idFilter('LitigationCase', 'l.id'),
    ...countyFilters('l.county_id'),
    ...agencyFilters('l.defendant_agency_id', 'agency', 'la', 'agency party to the case'),
    { name: 'kind', kind: 'enum', enumType: LitigationKind, enumName: 'LitigationKind', sql: 'l.kind', description: 'Administrative, civil or enforcement.' },
    { name: 'outcome', kind: 'enum', enumType: LitigationOutcome, enumName: 'LitigationOutcome', sql: 'l.outcome', description: 'Outcome, where published.' },
    { name: 'headAppeared', kind: 'bool', sql: 'l.head_appeared', description: 'Whether the agency head appeared in court.' },
    ...dateFilters('heardOn', 'Date of the hearing.'),
    { name: 'caseNumber', kind: 'text', sql: 'l.case_number', description: 'Court case number (案号).' },
    provenanceFilter('l'),
  ],
  orders: [idOrder('l.id'), { name: 'HEARD_ON', kind: 'date', sql: 'l.heard_on' }, { name: 'CASE_NUMBER', kind: 'text', sql: 'l.case_number' }],
  defaultOrder: [{ field: 'HEARD_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'litigationCases', description: 'Court cases involving agencies (行政/民事/执行案件).' },
  reverse: { County: {}, Agency: { description: 'Court cases the agency is party to.' } },
};
