import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { list, one } from '../../graphql/lists';
import { TrainingTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { trainingDecl } from './training.decl';
import { Training } from './training.entity';

@Resolver(() => Training)
export class TrainingResolver {
  @Query(() => TrainingTypes.Connection, { description: 'Trainings and law-study sessions (培训/学法).' })
  trainings(@Args(() => TrainingTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, trainingDecl, args);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The organising agency; null for county-wide sessions.' })
  organizer(@Root() t: Training, @Ctx() ctx: Context): Promise<Agency | null> {
    return one(ctx, Agency, t.organizer);
  }

  @FieldResolver(() => County)
  async county(@Root() t: Training, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, t.county))!;
  }
}
