import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { list, one } from '../../graphql/lists';
import { LitigationCaseTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { litigationCaseDecl } from './litigation-case.decl';
import { LitigationCase } from './litigation-case.entity';

@Resolver(() => LitigationCase)
export class LitigationCaseResolver {
  @Query(() => LitigationCaseTypes.Connection, { description: 'Court cases involving agencies (行政/民事/执行案件).' })
  litigationCases(@Args(() => LitigationCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, litigationCaseDecl, args);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency party to the case.' })
  defendantAgency(@Root() l: LitigationCase, @Ctx() ctx: Context): Promise<Agency | null> {
    return one(ctx, Agency, l.defendantAgency);
  }

  @FieldResolver(() => County)
  async county(@Root() l: LitigationCase, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, l.county))!;
  }
}
