import type { Feature } from '../../query/feature';
import { taskForceDecl, taskForceMeetingDecl } from './task-force.decl';
import { TaskForce, TaskForceMeeting, TaskForceMember } from './task-force.entity';
import { TaskForceResolver } from './task-force.resolver';

export const taskForceFeature: Feature = {
  name: 'task-force',
  entities: [TaskForce, TaskForceMember, TaskForceMeeting],
  records: [taskForceDecl, taskForceMeetingDecl],
  resolvers: [TaskForceResolver],
};
