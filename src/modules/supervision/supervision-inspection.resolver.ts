import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { list, one } from '../../graphql/lists';
import { SupervisionInspectionTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { supervisionInspectionDecl } from './supervision-inspection.decl';
import { SupervisionInspection } from './supervision-inspection.entity';

@Resolver(() => SupervisionInspection)
export class SupervisionInspectionResolver {
  @Query(() => SupervisionInspectionTypes.Connection, { description: 'Special supervision inspections (专项监督检查).' })
  supervisionInspections(@Args(() => SupervisionInspectionTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, supervisionInspectionDecl, args);
  }

  @FieldResolver(() => Agency, { description: 'The inspected agency.' })
  async agency(@Root() s: SupervisionInspection, @Ctx() ctx: Context): Promise<Agency> {
    return (await one(ctx, Agency, s.agency))!;
  }

  @FieldResolver(() => County)
  async county(@Root() s: SupervisionInspection, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, s.county))!;
  }
}
