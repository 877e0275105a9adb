import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { children, list, one } from '../../graphql/lists';
import { CaseFileReviewItemTypes, EnforcementCaseTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { caseFileReviewItemDecl } from '../case-file-review/case-file-review.decl';
import { County } from '../geography/county.entity';
import { Township } from '../geography/township.entity';
import { enforcementCaseDecl } from './enforcement-case.decl';
import { EnforcementCase } from './enforcement-case.entity';

@Resolver(() => EnforcementCase)
export class EnforcementCaseResolver {
  @Query(() => EnforcementCaseTypes.Connection, { description: 'Enforcement actions (行政执法案件), filtered, ordered and paged.' })
  enforcementCases(@Args(() => EnforcementCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, enforcementCaseDecl, args);
  }

  @FieldResolver(() => Agency, { description: 'The agency that decided it.' })
  async agency(@Root() c: EnforcementCase, @Ctx() ctx: Context): Promise<Agency> {
    return (await one(ctx, Agency, c.agency))!;
  }

  @FieldResolver(() => Township, { nullable: true, description: 'Where it happened, when recorded.' })
  township(@Root() c: EnforcementCase, @Ctx() ctx: Context): Promise<Township | null> {
    return one(ctx, Township, c.township);
  }

  @FieldResolver(() => County)
  async county(@Root() c: EnforcementCase, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, c.county))!;
  }

  @FieldResolver(() => CaseFileReviewItemTypes.Connection, { description: 'Case-file reviews that sampled this file (案卷评查), with the problems found.' })
  caseFileReviews(@Root() c: EnforcementCase, @Args(() => CaseFileReviewItemTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, caseFileReviewItemDecl, 'EnforcementCase', c.id, args);
  }
}
