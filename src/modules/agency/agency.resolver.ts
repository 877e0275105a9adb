import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { refId } from '../../db/loaders';
import { County } from '../geography/county.entity';
import { Township } from '../geography/township.entity';
import { Agency } from './agency.entity';

@Resolver(() => Agency)
export class AgencyResolver {
  @FieldResolver(() => County)
  async county(@Root() agency: Agency, @Ctx() ctx: Context): Promise<County> {
    return (await ctx.loaders.byId(County).load(agency.county.id))!;
  }

  @FieldResolver(() => Township, { nullable: true, description: 'For a township government: the township it governs.' })
  township(@Root() agency: Agency, @Ctx() ctx: Context): Promise<Township | null> {
    const id = refId(agency.township);
    return id === null ? Promise.resolve(null) : ctx.loaders.byId(Township).load(id);
  }
}
