/** Reconciliation (reported vs computed) and cross-county comparison of published figures. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, Field, Float, FieldResolver, Int, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../context';
import { one } from '../graphql/lists';
import { County } from '../modules/geography/county.entity';
import { Figure, Qualifier } from '../modules/report/figure.entity';
import { Indicator } from '../modules/report/indicator.entity';
import { indicatorLoader } from '../modules/report/report.resolver';
import { compare, type ComparisonCell, type Normalization } from './comparison.service';
import { reconcile, type ReconciliationRow, type ReconciliationStatus } from './reconciliation.service';

const Status = { MATCH: 'MATCH', MISMATCH: 'MISMATCH', NOT_REPORTED: 'NOT_REPORTED', NOT_COMPUTABLE: 'NOT_COMPUTABLE' } as const;
registerEnumType(Status, {
  name: 'ReconciliationStatus',
  description: 'How a published figure compares with the value computed from records (核对结果).',
  valuesConfig: {
    MATCH: { description: 'Equal at the published precision (at least the value for 余/以上).' },
    MISMATCH: { description: 'Records give another value.' },
    NOT_REPORTED: { description: 'Records can compute it, the report does not publish it.' },
    NOT_COMPUTABLE: { description: 'Published, but the platform holds no records that compute it.' },
  },
});

const CellStatus = { PUBLISHED: 'PUBLISHED', NOT_PUBLISHED: 'NOT_PUBLISHED' } as const;
registerEnumType(CellStatus, {
  name: 'ComparisonCellStatus',
  description: 'Whether the county published the indicator that year.',
  valuesConfig: { PUBLISHED: { description: '已公布' }, NOT_PUBLISHED: { description: 'Not published (or not transcribed): never a zero.' } },
});

const GapEnum = { NO_REPORT_HELD: 'NO_REPORT_HELD', NOT_IN_TRANSCRIPTION: 'NOT_IN_TRANSCRIPTION', NOT_IN_REPORT: 'NOT_IN_REPORT' } as const;
registerEnumType(GapEnum, {
  name: 'ComparisonGap',
  description: 'Why a county has no published value for a year (未公布的原因).',
  valuesConfig: {
    NO_REPORT_HELD: { description: 'The platform holds no report of the county for that year.' },
    NOT_IN_TRANSCRIPTION: { description: 'A report is held but only partly transcribed: the figure may be in the part not transcribed.' },
    NOT_IN_REPORT: { description: 'A completely transcribed report of that year does not state the figure.' },
  },
});

const NormalizationEnum = { PER_10K_RESIDENTS: 'PER_10K_RESIDENTS', PER_TOWNSHIP: 'PER_TOWNSHIP' } as const;
registerEnumType(NormalizationEnum, {
  name: 'Normalization',
  description: 'Divide published values by a county attribute.',
  valuesConfig: { PER_10K_RESIDENTS: { description: 'Per 10,000 residents (常住人口).' }, PER_TOWNSHIP: { description: 'Per township-level unit (乡镇/街道) held.' } },
});

@ObjectType({ description: 'One indicator of a county-year: reported, computed, difference.' })
export class ReconciliationLine {
  indicatorCode!: string;
  figureId!: number | null;

  @Field(() => GraphQLJSONObject, { description: 'The breakdown of the figure ({} for a total).' })
  breakdown!: Record<string, string>;

  @Field(() => Float, { nullable: true, description: 'Value published in the report.' })
  reported!: number | null;

  @Field({ description: 'Unit (单位).' })
  unit!: string;

  @Field(() => Qualifier, { nullable: true })
  qualifier!: Qualifier | null;

  @Field(() => String, { nullable: true, description: 'The exact words of the report.' })
  quote!: string | null;

  @Field(() => Float, { nullable: true, description: 'Value computed from the records held.' })
  computed!: number | null;

  @Field(() => Float, { nullable: true, description: 'computed - reported.' })
  difference!: number | null;

  @Field(() => Status)
  status!: ReconciliationStatus;

  @Field(() => String, { nullable: true, description: 'The table `computed` came from: the fact\'s table, or a summary table up to date with it. Null when not computed.' })
  servedFrom!: string | null;

  @Field(() => Date, { nullable: true, description: 'When `computed` came from a summary table: when it was last refreshed.' })
  refreshedAt!: Date | null;
}

@ObjectType({ description: 'A county\'s comparison cell for one year.' })
export class ComparisonYearCell {
  figureId!: number | null;

  @Field(() => Int) year!: number;
  @Field(() => CellStatus) status!: 'PUBLISHED' | 'NOT_PUBLISHED';
  @Field(() => GapEnum, { nullable: true, description: 'Why there is no published value; null when there is one.' }) gap!: keyof typeof GapEnum | null;
  @Field(() => Float, { nullable: true, description: 'Published value; null when not published.' }) value!: number | null;
  @Field(() => String, { nullable: true }) unit!: string | null;
  @Field(() => Qualifier, { nullable: true }) qualifier!: Qualifier | null;
  @Field(() => String, { nullable: true, description: 'The exact words of the source.' }) quote!: string | null;
  @Field(() => Int, { nullable: true, description: 'Revision of the indicator\'s definition the value was transcribed under; null when not published.' }) indicatorRevision!: number | null;
  @Field(() => Int, { nullable: true, description: 'Rank among the counties that published that year (1 = highest).' }) rank!: number | null;
  @Field(() => Int, { nullable: true, description: 'How many counties were ranked that year (rank 3 of rankedOf 12).' }) rankedOf!: number | null;
  @Field(() => Float, { nullable: true, description: 'Change from the previous year\'s published value.' }) changeFromPreviousYear!: number | null;
  @Field(() => Float, { nullable: true, description: 'Computed from records, where the platform holds them (synthetic for Yanjin).' }) computed!: number | null;
  @Field(() => Float, { nullable: true, description: 'Value divided by the normalisation attribute.' }) normalized!: number | null;
  @Field(() => String, { nullable: true, description: 'Why there is no normalised value.' }) normalizationNote!: string | null;
  @Field(() => String, { nullable: true, description: 'The table `computed` came from: the fact\'s table, or a summary table up to date with it. Null when not computed.' }) servedFrom!: string | null;
  @Field(() => Date, { nullable: true, description: 'When `computed` came from a summary table: when it was last refreshed.' }) refreshedAt!: Date | null;
}

@ObjectType({ description: 'One county\'s row of a comparison.' })
export class ComparisonCountyRow {
  countyId!: number;

  @Field(() => [ComparisonYearCell], { description: 'One cell per requested year, in year order.' })
  cells!: ComparisonCell[];
}

const CaveatKindEnum = { COMPARABILITY: 'COMPARABILITY', MIXED_REVISIONS: 'MIXED_REVISIONS' } as const;
registerEnumType(CaveatKindEnum, {
  name: 'ComparisonCaveatKind',
  description: 'Why values of a comparison may not be like for like (可比性提示).',
  valuesConfig: {
    COMPARABILITY: { description: 'The indicator\'s comparability note: what differs between reports (e.g. whether police penalties are included).' },
    MIXED_REVISIONS: { description: 'The values were transcribed under different revisions of the indicator\'s definition.' },
  },
});

@ObjectType({ description: 'A caveat a reader must see before ranking (可比性提示), in English and Chinese.' })
export class ComparisonCaveat {
  @Field(() => CaveatKindEnum) kind!: keyof typeof CaveatKindEnum;
  @Field({ description: 'The caveat in English.' }) note!: string;
  @Field({ description: 'The caveat in Chinese.' }) noteZh!: string;
}

@ObjectType({ description: 'One indicator across counties and years (横向比较).' })
export class Comparison {
  indicatorCode!: string;

  @Field(() => [Int]) years!: number[];
  @Field(() => [ComparisonCountyRow]) rows!: ComparisonCountyRow[];
  @Field(() => [ComparisonCaveat], { description: 'What makes these values not like for like, if anything; empty when nothing is known.' }) caveats!: ComparisonCaveat[];
}

@Resolver(() => ReconciliationLine)
export class ReconciliationResolver {
  @Query(() => [ReconciliationLine], { description: 'Every computable indicator of a county-year: published vs computed from records.' })
  reconciliation(@Arg('county', { description: 'County code.' }) county: string, @Arg('year', () => Int) year: number, @Ctx() ctx: Context): Promise<ReconciliationRow[]> {
    return reconcile(ctx, county, year);
  }

  @FieldResolver(() => Indicator)
  async indicator(@Root() line: ReconciliationLine, @Ctx() ctx: Context): Promise<Indicator> {
    return (await indicatorLoader(ctx).load(line.indicatorCode))!;
  }

  @FieldResolver(() => Figure, { nullable: true, description: 'The published figure, with its report.' })
  figure(@Root() line: ReconciliationLine, @Ctx() ctx: Context): Promise<Figure | null> {
    return one(ctx, Figure, line.figureId === null ? null : { id: line.figureId });
  }
}

@Resolver(() => Comparison)
export class ComparisonResolver {
  @Query(() => Comparison, { description: 'One indicator across counties and years, ranked, with explicit gaps. Without counties: every real (non-synthetic) county.' })
  comparison(
    @Arg('indicator', { description: 'Indicator code, e.g. ENF_PENALTY_TOTAL.' }) indicator: string,
    @Arg('years', () => [Int]) years: number[],
    @Arg('counties', () => [String], { nullable: true, description: 'County codes; default: every real county.' }) counties: string[] | null,
    @Arg('breakdown', () => GraphQLJSONObject, { nullable: true, description: 'Compare a breakdown, e.g. {"kind": "ADMINISTRATIVE"}; default: totals.' }) breakdown: Record<string, string> | null,
    @Arg('normalizeBy', () => NormalizationEnum, { nullable: true }) normalizeBy: Normalization | null,
    @Ctx() ctx: Context,
  ) {
    return compare(ctx, { indicator, years, counties, breakdown, normalizeBy });
  }

  @FieldResolver(() => Indicator)
  async indicator(@Root() c: Comparison, @Ctx() ctx: Context): Promise<Indicator> {
    return (await indicatorLoader(ctx).load(c.indicatorCode))!;
  }
}

@Resolver(() => ComparisonCountyRow)
export class ComparisonRowResolver {
  @FieldResolver(() => County)
  async county(@Root() row: ComparisonCountyRow, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, { id: row.countyId }))!;
  }
}

@Resolver(() => ComparisonYearCell)
export class ComparisonCellResolver {
  @FieldResolver(() => Figure, { nullable: true, description: 'The published figure (with its report and source).' })
  figure(@Root() cell: ComparisonYearCell, @Ctx() ctx: Context): Promise<Figure | null> {
    return one(ctx, Figure, cell.figureId === null ? null : { id: cell.figureId });
  }
}
