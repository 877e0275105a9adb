import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { children, list, one } from '../../graphql/lists';
import { CaseFileReviewItemTypes, CaseFileReviewTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { EnforcementCase } from '../enforcement/enforcement-case.entity';
import { County } from '../geography/county.entity';
import { caseFileReviewDecl, caseFileReviewItemDecl } from './case-file-review.decl';
import { CaseFileReview, CaseFileReviewItem } from './case-file-review.entity';

@Resolver(() => CaseFileReview)
export class CaseFileReviewResolver {
  @Query(() => CaseFileReviewTypes.Connection, { description: 'Case-file review rounds (案卷评查).' })
  caseFileReviews(@Args(() => CaseFileReviewTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, caseFileReviewDecl, args);
  }

  @FieldResolver(() => CaseFileReviewItemTypes.Connection, { description: 'The files the round sampled.' })
  items(@Root() r: CaseFileReview, @Args(() => CaseFileReviewItemTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, caseFileReviewItemDecl, 'CaseFileReview', r.id, args);
  }

  @FieldResolver(() => County)
  async county(@Root() r: CaseFileReview, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, r.county))!;
  }
}

@Resolver(() => CaseFileReviewItem)
export class CaseFileReviewItemResolver {
  @FieldResolver(() => CaseFileReview)
  async review(@Root() i: CaseFileReviewItem, @Ctx() ctx: Context): Promise<CaseFileReview> {
    return (await one(ctx, CaseFileReview, i.review))!;
  }

  @FieldResolver(() => EnforcementCase, { description: 'The sampled case file.' })
  async enforcementCase(@Root() i: CaseFileReviewItem, @Ctx() ctx: Context): Promise<EnforcementCase> {
    return (await one(ctx, EnforcementCase, i.enforcementCase))!;
  }

  @FieldResolver(() => Agency)
  async agency(@Root() i: CaseFileReviewItem, @Ctx() ctx: Context): Promise<Agency> {
    return (await one(ctx, Agency, i.agency))!;
  }

  @FieldResolver(() => County)
  async county(@Root() i: CaseFileReviewItem, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, i.county))!;
  }
}
