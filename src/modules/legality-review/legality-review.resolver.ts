import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { list, one } from '../../graphql/lists';
import { LegalityReviewTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { legalityReviewDecl } from './legality-review.decl';
import { LegalityReview } from './legality-review.entity';

@Resolver(() => LegalityReview)
export class LegalityReviewResolver {
  @Query(() => LegalityReviewTypes.Connection, { description: 'Legality reviews (合法性审查).' })
  legalityReviews(@Args(() => LegalityReviewTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, legalityReviewDecl, args);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency that submitted the item; null when the county government did.' })
  agency(@Root() r: LegalityReview, @Ctx() ctx: Context): Promise<Agency | null> {
    return one(ctx, Agency, r.agency);
  }

  @FieldResolver(() => County)
  async county(@Root() r: LegalityReview, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, r.county))!;
  }
}
