import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters, townshipFilters } from '../geography/geography-filters';
import { EnforcementCase } from './enforcement-case.entity';

export const enforcementCaseDecl = record(EnforcementCase, {
  records: true,
  plural: 'enforcement cases',
  mainDate: 'decidedOn',
  filters: [
    idFilter('EnforcementCase'),
    ...countyFilters(),
    ...agencyFilters(),
    ...townshipFilters(),
    { name: 'actionType', path: 'actionType', description: 'Kind of action (处罚, 检查, 许可...).' },
    { name: 'leniency', path: 'leniency', description: 'Leniency applied (免罚, 减轻, 从轻).' },
    ...dateFilters('decidedOn', 'Date of the decision (决定日期).'),
    { name: 'fineAmount', path: 'fineAmountFen', kind: 'money', description: 'Fine imposed, in yuan.' },
    { name: 'leniencyAmount', path: 'leniencyAmountFen', kind: 'money', description: 'Amount involved in a lenient case, in yuan.' },
    { name: 'caseNumber', path: 'caseNumber', description: 'Case number (案号).' },
    provenanceFilter(),
  ],
  orders: [
    idOrder(),
    { name: 'DECIDED_ON', path: 'decidedOn' },
    { name: 'FINE_AMOUNT', path: 'fineAmountFen', kind: 'money' },
    { name: 'LENIENCY_AMOUNT', path: 'leniencyAmountFen', kind: 'money', unsetLowest: true },
    { name: 'CASE_NUMBER', path: 'caseNumber' },
    { name: 'ACTION_TYPE', path: 'actionType' },
  ],
  defaultOrder: [{ field: 'DECIDED_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'enforcementCases', description: 'Enforcement actions (行政执法案件), filtered, ordered and paged.' },
  reverse: {
    County: { description: 'Enforcement actions in the county.' },
    Agency: { description: 'Enforcement actions the agency decided.' },
    Township: { description: 'Enforcement actions that happened in the township.' },
  },
});
