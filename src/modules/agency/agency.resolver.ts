import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { children, list, one } from '../../graphql/lists';
import {
  AgencyTypes, EnforcementCaseTypes, EnforcementOfficerTypes, LegalityReviewTypes, LitigationCaseTypes,
  SupervisionInspectionTypes, TaskForceTypes, TrainingTypes,
} from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { enforcementCaseDecl } from '../enforcement/enforcement-case.decl';
import { County } from '../geography/county.entity';
import { Township } from '../geography/township.entity';
import { legalityReviewDecl } from '../legality-review/legality-review.decl';
import { litigationCaseDecl } from '../litigation/litigation-case.decl';
import { officerDecl } from '../officer/officer.decl';
import { supervisionInspectionDecl } from '../supervision/supervision-inspection.decl';
import { taskForceDecl } from '../task-force/task-force.decl';
import { trainingDecl } from '../training/training.decl';
import { agencyDecl } from './agency.decl';
import { Agency } from './agency.entity';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => AgencyTypes.Connection, { description: 'Agencies (行政机关/执法单位) of every county.' })
  agencies(@Args(() => AgencyTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, agencyDecl, args);
  }

  @FieldResolver(() => County)
  async county(@Root() agency: Agency, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, agency.county))!;
  }

  @FieldResolver(() => Township, { nullable: true, description: 'For a township government: the township it governs.' })
  township(@Root() agency: Agency, @Ctx() ctx: Context): Promise<Township | null> {
    return one(ctx, Township, agency.township);
  }

  @FieldResolver(() => EnforcementCaseTypes.Connection, { description: 'Enforcement actions the agency decided.' })
  enforcementCases(@Root() agency: Agency, @Args(() => EnforcementCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, enforcementCaseDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => EnforcementOfficerTypes.Connection, { description: 'The agency\'s enforcement officers.' })
  enforcementOfficers(@Root() agency: Agency, @Args(() => EnforcementOfficerTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, officerDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => LegalityReviewTypes.Connection, { description: 'Legality reviews of items the agency submitted.' })
  legalityReviews(@Root() agency: Agency, @Args(() => LegalityReviewTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, legalityReviewDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => SupervisionInspectionTypes.Connection, { description: 'Supervision inspections of the agency.' })
  supervisionInspections(@Root() agency: Agency, @Args(() => SupervisionInspectionTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, supervisionInspectionDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => TrainingTypes.Connection, { description: 'Trainings the agency organised.' })
  trainings(@Root() agency: Agency, @Args(() => TrainingTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, trainingDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => LitigationCaseTypes.Connection, { description: 'Court cases the agency is party to.' })
  litigationCases(@Root() agency: Agency, @Args(() => LitigationCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, litigationCaseDecl, 'Agency', agency.id, args);
  }

  @FieldResolver(() => TaskForceTypes.Connection, { description: 'Task forces the agency is a member of.' })
  taskForces(@Root() agency: Agency, @Args(() => TaskForceTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, taskForceDecl, 'Agency', agency.id, args);
  }
}
