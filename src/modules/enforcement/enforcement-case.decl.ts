import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter, townshipFilters } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { ActionType, EnforcementCase, Leniency } from './enforcement-case.entity';

export const enforcementCaseDecl: EntityDecl = {
  name: 'EnforcementCase',
  records: true,
  plural: 'enforcement cases',
  entity: EnforcementCase,
  table: 'enforcement_case',
  alias: 'c',
  mainDate: 'c.decided_on',
  countyColumn: 'c.county_id',
  joins: { agency: 'JOIN agency ca ON ca.id = c.agency_id' },
  filters: [
    idFilter('EnforcementCase', 'c.id'),
    ...countyFilters('c.county_id'),
    ...agencyFilters('c.agency_id', 'agency', 'ca'),
    ...townshipFilters('c.township_id'),
    { name: 'actionType', kind: 'enum', enumType: ActionType, enumName: 'ActionType', sql: 'c.action_type', description: 'Kind of action (处罚, 检查, 许可...).' },
    { name: 'leniency', kind: 'enum', enumType: Leniency, enumName: 'Leniency', sql: 'c.leniency', description: 'Leniency applied (免罚, 减轻, 从轻).' },
    ...dateFilters('decidedOn', 'Date of the decision (决定日期).'),
    { name: 'fineAmount', kind: 'money', sql: 'c.fine_amount_fen', description: 'Fine imposed, in yuan.' },
    { name: 'leniencyAmount', kind: 'money', sql: 'c.leniency_amount_fen', description: 'Amount involved in a lenient case, in yuan.' },
    { name: 'caseNumber', kind: 'text', sql: 'c.case_number', description: 'Case number (案号).' },
    provenanceFilter('c'),
  ],
  orders: [
    idOrder('c.id'),
    { name: 'DECIDED_ON', kind: 'date', sql: 'c.decided_on' },
    { name: 'FINE_AMOUNT', kind: 'money', sql: 'c.fine_amount_fen' },
    { name: 'LENIENCY_AMOUNT', kind: 'money', sql: 'COALESCE(c.leniency_amount_fen, -1)' },
    { name: 'CASE_NUMBER', kind: 'text', sql: 'c.case_number' },
    { name: 'ACTION_TYPE', kind: 'text', sql: 'c.action_type' },
  ],
  defaultOrder: [{ field: 'DECIDED_ON', direction: 'DESC' }, { field: 'ID', direction: 'DESC' }],
  list: { field: 'enforcementCases', description: 'Enforcement actions (行政执法案件), filtered, ordered and paged.' },
  reverse: {
    County: { description: 'Enforcement actions in the county.' },
    Agency: { description: 'Enforcement actions the agency decided.' },
    Township: { description: 'Enforcement actions that happened in the township.' },
  },
};
