import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { children, list, one } from '../../graphql/lists';
import {
  AgencyTypes, CaseFileReviewTypes, EnforcementCaseTypes, EnforcementOfficerTypes, FigureTypes, LegalityReviewTypes,
  LitigationCaseTypes, ReportTypes, SupervisionInspectionTypes, TaskForceTypes, TownshipTypes, TrainingTypes,
} from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { agencyDecl } from '../agency/agency.decl';
import { caseFileReviewDecl } from '../case-file-review/case-file-review.decl';
import { enforcementCaseDecl } from '../enforcement/enforcement-case.decl';
import { legalityReviewDecl } from '../legality-review/legality-review.decl';
import { litigationCaseDecl } from '../litigation/litigation-case.decl';
import { officerDecl } from '../officer/officer.decl';
import { figureDecl, reportDecl } from '../report/report.decl';
import { supervisionInspectionDecl } from '../supervision/supervision-inspection.decl';
import { taskForceDecl } from '../task-force/task-force.decl';
import { trainingDecl } from '../training/training.decl';
import { City } from './city.entity';
import { County } from './county.entity';
import { allCounties, countyByCode } from './geography.service';
import { Province } from './province.entity';
import { townshipDecl } from './township.decl';
import { Township } from './township.entity';

@Resolver(() => County)
export class CountyResolver {
  @Query(() => County, { description: 'A county by its GB/T 2260 code, e.g. "410726" (延津县).' })
  county(@Arg('code', { description: 'Six-digit GB/T 2260 code.' }) code: string, @Ctx() ctx: Context): Promise<County> {
    return countyByCode(ctx, code);
  }

  @Query(() => [County], { description: 'Every county the platform holds, by code (synthetic benchmark counties included, flagged).' })
  counties(@Ctx() ctx: Context): Promise<County[]> {
    return allCounties(ctx);
  }

  @FieldResolver(() => City)
  async city(@Root() county: County, @Ctx() ctx: Context): Promise<City> {
    return (await one(ctx, City, county.city))!;
  }

  @FieldResolver(() => TownshipTypes.Connection, { description: 'Township-level divisions (乡镇/街道).' })
  townships(@Root() county: County, @Args(() => TownshipTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, townshipDecl, 'County', county.id, args);
  }

  @FieldResolver(() => AgencyTypes.Connection, { description: 'Agencies: county departments and township governments.' })
  agencies(@Root() county: County, @Args(() => AgencyTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, agencyDecl, 'County', county.id, args);
  }

  @FieldResolver(() => EnforcementCaseTypes.Connection, { description: 'Enforcement actions in the county.' })
  enforcementCases(@Root() county: County, @Args(() => EnforcementCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, enforcementCaseDecl, 'County', county.id, args);
  }

  @FieldResolver(() => EnforcementOfficerTypes.Connection, { description: 'Enforcement officers of the county\'s agencies.' })
  enforcementOfficers(@Root() county: County, @Args(() => EnforcementOfficerTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, officerDecl, 'County', county.id, args);
  }

  @FieldResolver(() => LegalityReviewTypes.Connection)
  legalityReviews(@Root() county: County, @Args(() => LegalityReviewTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, legalityReviewDecl, 'County', county.id, args);
  }

  @FieldResolver(() => CaseFileReviewTypes.Connection)
  caseFileReviews(@Root() county: County, @Args(() => CaseFileReviewTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, caseFileReviewDecl, 'County', county.id, args);
  }

  @FieldResolver(() => SupervisionInspectionTypes.Connection)
  supervisionInspections(@Root() county: County, @Args(() => SupervisionInspectionTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, supervisionInspectionDecl, 'County', county.id, args);
  }

  @FieldResolver(() => TrainingTypes.Connection)
  trainings(@Root() county: County, @Args(() => TrainingTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, trainingDecl, 'County', county.id, args);
  }

  @FieldResolver(() => TaskForceTypes.Connection)
  taskForces(@Root() county: County, @Args(() => TaskForceTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, taskForceDecl, 'County', county.id, args);
  }

  @FieldResolver(() => LitigationCaseTypes.Connection)
  litigationCases(@Root() county: County, @Args(() => LitigationCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, litigationCaseDecl, 'County', county.id, args);
  }

  @FieldResolver(() => ReportTypes.Connection, { description: 'Reports the county published.' })
  reports(@Root() county: County, @Args(() => ReportTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, reportDecl, 'County', county.id, args);
  }

  @FieldResolver(() => FigureTypes.Connection, { description: 'Figures the county published.' })
  figures(@Root() county: County, @Args(() => FigureTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, figureDecl, 'County', county.id, args);
  }
}

@Resolver(() => City)
export class CityResolver {
  @FieldResolver(() => Province)
  async province(@Root() city: City, @Ctx() ctx: Context): Promise<Province> {
    return (await one(ctx, Province, city.province))!;
  }

  @FieldResolver(() => [County])
  counties(@Root() city: City, @Ctx() ctx: Context): Promise<County[]> {
    return ctx.loaders.manyBy(County, 'city', { code: 'asc' }).load(city.id);
  }
}

@Resolver(() => Province)
export class ProvinceResolver {
  @FieldResolver(() => [City])
  cities(@Root() province: Province, @Ctx() ctx: Context): Promise<City[]> {
    return ctx.loaders.manyBy(City, 'province', { code: 'asc' }).load(province.id);
  }
}

@Resolver(() => Township)
export class TownshipResolver {
  @Query(() => TownshipTypes.Connection, { description: 'Township-level divisions (乡镇/街道) of every county.' })
  townships(@Args(() => TownshipTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, townshipDecl, args);
  }

  @FieldResolver(() => County)
  async county(@Root() township: Township, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, township.county))!;
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The township government (乡镇政府/街道办事处) as an agency.' })
  async government(@Root() township: Township, @Ctx() ctx: Context): Promise<Agency | null> {
    const agencies = await ctx.loaders.manyBy(Agency, 'township', { id: 'asc' }).load(township.id);
    return agencies[0] ?? null;
  }

  @FieldResolver(() => EnforcementCaseTypes.Connection, { description: 'Enforcement actions that happened in the township.' })
  enforcementCases(@Root() township: Township, @Args(() => EnforcementCaseTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return children(ctx, enforcementCaseDecl, 'Township', township.id, args);
  }
}
