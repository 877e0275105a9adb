import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { agencyFilters } from '../agency/agency-filters';
import type { EntityDecl } from '../../query/declaration';
import { Training, TrainingKind } from './training.entity';

export const trainingDecl: EntityDecl = {
  name: 'Training',
  records: true,
  plural: 'trainings',
  entity: Training,
  table: 'training',
  alias: 't',
  mainDate: 't.held_on',
  countyColumn: 't.county_id',
  joins: { agency: 'LEFT JOIN agency ta ON ta.id = t.organizer_id' },
  filters: [
    idFilter('Training', 't.id'),
    ...countyFilters('t.county_id'),
    ...agencyFilters('t.organizer_id', 'agency', 'ta', 'organising agency'),
    { name: 'kind', kind: 'enum', enumType: TrainingKind, enumName: 'TrainingKind', sql: 't.kind', description: 'Kind of training.' },
    ...dateFilters('heldOn', 'Date held.'),
    { name: 'participants', kind: 'int', sql: 't.participants', description: 'Number of participants.' },
    { name: 'title', kind: 'text', sql: 't.title', description: 'Title.' },
    provenanceFilter('t'),
  ],
  orders: [idOrder('t.id'), { name: 'HELD_ON', kind: 'date', sql: 't.held_on' }, { name: 'PARTICIPANTS', kind: 'int', sql: 'COALESCE(t.participants, -1)' }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'trainings', description: 'Trainings and law-study sessions (培训/学法).' },
  reverse: { County: {}, Agency: { description: 'Trainings the agency organised.' } },
};
