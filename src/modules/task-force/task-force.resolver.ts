import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { sql } from '../../db/sql';
import { Agency } from '../agency/agency.entity';
import { TaskForce } from './task-force.entity';

/** Member agency ids per task force, lead first, for every task force of the request at once. */
function memberIds(ctx: Context): DataLoader<number, number[]> {
  return ctx.loaders.custom('taskForceMembers', () => new DataLoader<number, number[]>(async (ids) => {
    const rows = await ctx.db.query<{ task_force_id: number; agency_id: number }>(sql`
      SELECT task_force_id, agency_id FROM task_force_member WHERE task_force_id = ANY(${[...ids]}::int[]) ORDER BY task_force_id, lead DESC, agency_id`);
    return ids.map((id) => rows.filter((r) => r.task_force_id === id).map((r) => r.agency_id));
  }));
}

/** Members, lead first: the lists and the relations are generated (src/graphql/relations.ts). */
@Resolver(() => TaskForce)
export class TaskForceResolver {
  @FieldResolver(() => [Agency], { description: 'Member agencies, the lead agency first.' })
  async members(@Root() tf: TaskForce, @Ctx() ctx: Context): Promise<Agency[]> {
    const ids = await memberIds(ctx).load(tf.id);
    const agencies = await ctx.loaders.byId(Agency).loadMany(ids);
    return agencies.filter((a): a is Agency => a instanceof Agency);
  }
}
