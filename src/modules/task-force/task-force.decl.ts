import { dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import { record } from '../../query/record';
import { countyFilters } from '../geography/geography-filters';
import { TaskForce, TaskForceMeeting, TaskForceMember } from './task-force.entity';

export const taskForceDecl = record(TaskForce, {
  plural: 'task forces',
  filters: [
    idFilter('TaskForce'),
    ...countyFilters(),
    { name: 'kind', path: 'kind', description: 'Task force or coordination mechanism.' },
    { name: 'code', path: 'code', description: 'Code within the county.' },
    { name: 'name', path: 'name', description: 'Name.' },
    { name: 'memberAgencyId', path: 'id', kind: 'id', lookup: { entity: TaskForceMember, by: 'agency', select: 'taskForce' }, description: 'Has this agency as a member.' },
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'CODE', path: 'code' }, { name: 'NAME', path: 'name' }],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'taskForces', description: 'Task forces (专班) and coordination mechanisms.' },
  links: { Agency: { through: TaskForceMember, self: 'taskForce', parent: 'agency' } },
  reverse: { County: {}, Agency: { description: 'Task forces the agency is a member of.' } },
});

export const taskForceMeetingDecl = record(TaskForceMeeting, {
  records: true,
  plural: 'task force meetings',
  mainDate: 'heldOn',
  filters: [
    idFilter('TaskForceMeeting'),
    ...countyFilters(),
    { name: 'taskForceId', path: 'taskForce', description: 'The task force, by global ID.' },
    { name: 'taskForceCode', path: 'taskForce.code', description: 'The task force, by code (e.g. PROBLEM_HOUSING).' },
    { name: 'taskForceKind', path: 'taskForce.kind', description: 'Kind of the task force.' },
    ...dateFilters('heldOn', 'Date held.'),
    provenanceFilter(),
  ],
  orders: [idOrder(), { name: 'HELD_ON', path: 'heldOn' }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'taskForceMeetings', description: 'Meetings of task forces (专班会议).' },
  reverse: { County: { description: 'Meetings of the county\'s task forces (专班会议).' }, TaskForce: { field: 'meetings', description: 'Meetings held.' } },
});
