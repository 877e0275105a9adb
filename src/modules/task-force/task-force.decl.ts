import { countyFilters, dateFilters, idFilter, idOrder, provenanceFilter } from '../../query/common-fields';
import type { EntityDecl } from '../../query/declaration';
import { TaskForce, TaskForceKind, TaskForceMeeting } from './task-force.entity';

export const taskForceDecl: EntityDecl = {
  name: 'TaskForce',
  plural: 'task forces',
  entity: TaskForce,
  table: 'task_force',
  alias: 'f',
  countyColumn: 'f.county_id',
  joins: { member: 'JOIN task_force_member fm ON fm.task_force_id = f.id' },
  filters: [
    idFilter('TaskForce', 'f.id'),
    ...countyFilters('f.county_id'),
    { name: 'kind', kind: 'enum', enumType: TaskForceKind, enumName: 'TaskForceKind', sql: 'f.kind', description: 'Task force or coordination mechanism.' },
    { name: 'code', kind: 'text', sql: 'f.code', description: 'Code within the county.' },
    { name: 'name', kind: 'text', sql: 'f.name', description: 'Name.' },
    { name: 'memberAgencyId', kind: 'id', idType: 'Agency', sql: 'f.id', lookup: 'SELECT task_force_id FROM task_force_member WHERE agency_id', description: 'Has this agency as a member.' },
    provenanceFilter('f'),
  ],
  orders: [idOrder('f.id'), { name: 'CODE', kind: 'text', sql: 'f.code' }, { name: 'NAME', kind: 'text', sql: 'f.name' }],
  defaultOrder: [{ field: 'ID', direction: 'ASC' }],
  list: { field: 'taskForces', description: 'Task forces (专班) and coordination mechanisms.' },
  links: { Agency: { column: 'fm.agency_id', join: 'member' } },
  reverse: { County: {}, Agency: { description: 'Task forces the agency is a member of.' } },
};

export const taskForceMeetingDecl: EntityDecl = {
  name: 'TaskForceMeeting',
  records: true,
  plural: 'task force meetings',
  entity: TaskForceMeeting,
  table: 'task_force_meeting',
  alias: 'm',
  mainDate: 'm.held_on',
  countyColumn: 'm.county_id',
  joins: { taskForce: 'JOIN task_force mf ON mf.id = m.task_force_id' },
  filters: [
    idFilter('TaskForceMeeting', 'm.id'),
    ...countyFilters('m.county_id'),
    { name: 'taskForceId', kind: 'id', idType: 'TaskForce', sql: 'm.task_force_id', description: 'The task force, by global ID.' },
    { name: 'taskForceCode', kind: 'text', sql: 'mf.code', joins: ['taskForce'], description: 'The task force, by code (e.g. PROBLEM_HOUSING).' },
    { name: 'taskForceKind', kind: 'enum', enumType: TaskForceKind, enumName: 'TaskForceKind', sql: 'mf.kind', joins: ['taskForce'], description: 'Kind of the task force.' },
    ...dateFilters('heldOn', 'Date held.'),
    provenanceFilter('m'),
  ],
  orders: [idOrder('m.id'), { name: 'HELD_ON', kind: 'date', sql: 'm.held_on' }],
  defaultOrder: [{ field: 'HELD_ON', direction: 'ASC' }, { field: 'ID', direction: 'ASC' }],
  list: { field: 'taskForceMeetings', description: 'Meetings of task forces (专班会议).' },
  reverse: { County: { description: 'Meetings of the county\'s task forces (专班会议).' }, TaskForce: { field: 'meetings', description: 'Meetings held.' } },
};
