/**
 * One stats field per fact: at the root (xStats), under County and under Agency (scoped).
 * Resolvers only read arguments and call the service.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { typesByDecl } from '../graphql/types';
import { Agency } from '../modules/agency/agency.entity';
import { County } from '../modules/geography/county.entity';
import { facts } from './facts';
import { rootStats, scopedStats, type StatsArgs } from './stats.service';
import { statsTypes, type StatsTypes } from './stats-types';

export const statsTypesByFact: Record<string, StatsTypes> = Object.fromEntries(
  facts.map((f) => [f.key, statsTypes(f, typesByDecl[f.entity.name].Filter)]),
);

function resolversFor(types: StatsTypes): Function[] {
  const { fact } = types;
  const agencyColumn = fact.dimensions.find((d) => d.name === 'AGENCY')?.sql;

  @Resolver()
  class RootStats {
    @Query(() => types.Connection, { name: fact.field, description: `${fact.description} Grouped in SQL; keys are typed and navigable.` })
    stats(@Args(() => types.Args) args: StatsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
      return rootStats(ctx, types, args, info);
    }
  }

  @Resolver(() => County)
  class CountyStats {
    @FieldResolver(() => types.Connection, { name: fact.field, description: `${fact.description} Within this county.` })
    stats(@Root() county: County, @Args(() => types.Args) args: StatsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
      return scopedStats(ctx, types, fact.entity.countyColumn!, county.id, args, info);
    }
  }

  if (!agencyColumn) return [RootStats, CountyStats];

  @Resolver(() => Agency)
  class AgencyStats {
    @FieldResolver(() => types.Connection, { name: fact.field, description: `${fact.description} Of this agency.` })
    stats(@Root() agency: Agency, @Args(() => types.Args) args: StatsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
      return scopedStats(ctx, types, agencyColumn!, agency.id, args, info);
    }
  }
  return [RootStats, CountyStats, AgencyStats];
}

export const statsResolvers = Object.values(statsTypesByFact).flatMap(resolversFor);
