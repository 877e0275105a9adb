import DataLoader from 'dataloader';
import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { sql } from '../../db/sql';
import { children, list, one } from '../../graphql/lists';
import { TaskForceMeetingTypes, TaskForceTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { taskForceDecl, taskForceMeetingDecl } from './task-force.decl';
import { TaskForce, TaskForceMeeting } from './task-force.entity';

/** Member agency ids per task force, lead first, for every task force of the request at once. */
function memberIds(ctx: Context): DataLoader<number, number[]> {
  return ctx.loaders.custom('taskForceMembers', () => new DataLoader<number, number[]>(async (ids) => {
    const rows = await ctx.db.query<{ task_force_id: number; agency_id: number }>(sql`
      SELECT task_force_id, agency_id FROM task_force_member WHERE task_force_id = ANY(${[...ids]}::int[]) ORDER BY task_force_id, lead DESC, agency_id`);
    return ids.map((id) => rows.filter((r) => r.task_force_id === id).map((r) => r.agency_id));
  }));
}

@Resolver(() => TaskForce)
export class TaskForceResolver {
  @Query(() => TaskForceTypes.Connection, { description: 'Task forces (专班) and coordination mechanisms.' })
  taskForces(@Args(() => TaskForceTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, taskForceDecl, args);
  }

  @Query(() => TaskForceMeetingTypes.Connection, { description: 'Meetings of task forces (专班会议).' })
  taskForceMeetings(@Args(() => TaskForceMeetingTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, taskForceMeetingDecl, args);
  }

  @FieldResolver(() => County)
  async county(@Root() tf: TaskForce, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, tf.county))!;
  }

  @FieldResolver(() => [Agency], { description: 'Member agencies, the lead agency first.' })
  async members(@Root() tf: TaskForce, @Ctx() ctx: Context): Promise<Agency[]> {
    const ids = await memberIds(ctx).load(tf.id);
    const agencies = await ctx.loaders.byId(Agency).loadMany(ids);
    return agencies.filter((a): a is Agency => a instanceof Agency);
  }

  @FieldResolver(() => TaskForceMeetingTypes.Connection, { description: 'Meetings held.' })
  meetings(@Root() tf: TaskForce, @Args(() => TaskForceMeetingTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, taskForceMeetingDecl, 'TaskForce', tf.id, args);
  }
}

@Resolver(() => TaskForceMeeting)
export class TaskForceMeetingResolver {
  @FieldResolver(() => TaskForce)
  async taskForce(@Root() m: TaskForceMeeting, @Ctx() ctx: Context): Promise<TaskForce> {
    return (await one(ctx, TaskForce, m.taskForce))!;
  }

  @FieldResolver(() => County)
  async county(@Root() m: TaskForceMeeting, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, m.county))!;
  }
}
