import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { agencyFilters } from '../agency/agency-filters';
import { countyFilters } from '../geography/geography-filters';
import { Training } from './training.entity';

export const trainingDecl = record(Training, {
  records: true,
  plural: 'trainings',
  mainDate: 'heldOn',
  filters: [
    idFilter('Training'),
    ...countyFilters(),
    ...agencyFilters('organizer', 'organising agency'),
    { name: 'kind', path: 'kind', description: 'Kind of training.' },
    ...dateFilters('heldOn', 'Date held.'),
    { name: 'participants', path: 'participants', description: 'Number of participants.' },
    { name: 'title', path: 'title', description: 'Title.' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'HELD_ON', path: 'heldOn' }, { name: 'PARTICIPANTS', path: 'participants', unsetLowest: true }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'trainings', description: 'Trainings and law-study sessions (培训/学法).' },
  reverse: { County: {}, Agency: { description: 'Trainings the agency organised.' } },
});
