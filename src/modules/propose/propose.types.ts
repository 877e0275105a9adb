/** GraphQL types of proposeFigures: proposals, numbers set aside, and the draft report file. */
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Qualifier } from '../report/figure.entity';
import { SkipReason } from './number-finder';

registerEnumType(SkipReason, {
  name: 'SkippedNumberReason',
  description: 'Why a number of the text is not proposed as a figure.',
  valuesConfig: {
    DATE: { description: 'A date or time (2024年1月9日, 2024-02-06 11:30:34, 12月).' },
    YEAR: { description: 'A year (2023年度, 2019—2023).' },
    DOCUMENT_NUMBER: { description: 'A document number (文号), e.g. 〔2023〕5号, 第5号.' },
    PAGE_FURNITURE: { description: 'Part of the web page or print layout (浏览量:9625, 第2页).' },
    ORDINAL: { description: 'A list marker or ordinal (一是, 第三, (二), 1.).' },
    NAME: { description: 'Part of a name or slogan (党的二十大, “四张清单”, 12345热线).' },
    TITLE: { description: 'Inside a document title (《…2023年度…》).' },
  },
});

@ObjectType({ description: 'An indicator a number may be, with how sure the match is.' })
export class IndicatorMatch {
  @Field({ description: 'Indicator code of the catalogue.' }) code!: string;
  @Field({ description: 'Chinese name (指标名称).' }) nameZh!: string;
  @Field(() => Float, { description: 'From 0 to 1: high when the words around the number fit this indicator and no other.' }) confidence!: number;
  @Field(() => Float, { description: 'The value in this indicator\'s unit.' }) value!: number;
  @Field({ description: 'The unit the report file takes for it (the indicator\'s unit or an alias).' }) unit!: string;
  @Field(() => GraphQLJSONObject, { description: 'The breakdown the text names for it, e.g. {"agencyLevel": "TOWNSHIP"}.' }) breakdown!: Record<string, string>;
}

@ObjectType({ description: 'A number of the text proposed as a figure (拟提取数据), for an editor to review.' })
export class FigureProposal {
  @Field({ description: 'The shortest clause stating the number, verbatim (原文).' }) quote!: string;
  @Field(() => Int, { description: 'Where the quote starts in the text (UTF-16 code units, as JavaScript counts).' }) quoteStart!: number;
  @Field(() => Int, { description: 'Where the number starts in the text.' }) start!: number;
  @Field(() => Int, { description: 'Where the number ends in the text (exclusive).' }) end!: number;
  @Field({ description: 'The number as written: 1183, 39.09万, 两.' }) written!: string;
  @Field(() => Float, { description: 'The value in the unit the text states.' }) statedValue!: number;
  @Field({ description: 'The unit the text states (万元, 件, %); empty when it gives none.' }) statedUnit!: string;
  @Field(() => Float, { description: 'The value for the report file: in the matched indicator\'s unit, else as stated.' }) value!: number;
  @Field({ description: 'The unit for the report file.' }) unit!: string;
  @Field(() => Qualifier) qualifier!: Qualifier;
  @Field({ description: 'Whether an indicator of the catalogue fits; unmatched numbers are listed too.' }) matched!: boolean;
  @Field(() => IndicatorMatch, { nullable: true, description: 'The best-matching indicator (null when unmatched).' }) indicator!: IndicatorMatch | null;
  @Field(() => IndicatorMatch, { nullable: true, description: 'The next best indicator, when any fits.' }) runnerUp!: IndicatorMatch | null;
  @Field(() => GraphQLJSONObject, { description: 'The breakdown the text names (乡镇 → agencyLevel TOWNSHIP, 县直 → COUNTY_DEPARTMENT…); {} for a total.' }) breakdown!: Record<string, string>;
  @Field(() => String, { nullable: true, description: 'Why it is unmatched.' }) note!: string | null;
}

@ObjectType({ description: 'A number of the text that is not a figure, and why.' })
export class SkippedNumber {
  @Field() written!: string;
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
  @Field(() => SkipReason) reason!: SkipReason;
}

@ObjectType({ description: 'Figures proposed from a report\'s text (从报告文本提取数据): every number is either proposed or set aside with its reason.' })
export class FigureProposals {
  @Field() areaCode!: string;
  @Field({ description: 'Name of the county (or city) of areaCode.' }) areaName!: string;
  @Field(() => Int) year!: number;
  @Field(() => [FigureProposal], { description: 'Every number that may be a figure, in text order, matched or not.' }) figures!: FigureProposal[];
  @Field(() => Int, { description: 'Proposals matched to an indicator.' }) matchedCount!: number;
  @Field(() => Int, { description: 'Proposals no indicator fits.' }) unmatchedCount!: number;
  @Field(() => [SkippedNumber], { description: 'Numbers set aside: dates, years, document numbers, page furniture, ordinals, names.' }) skipped!: SkippedNumber[];
  @Field(() => GraphQLJSONObject, { description: 'The proposals as a rule-of-law-report/v1 file (with proposed new indicators for unmatched numbers): correct it, then import it with importReport.' }) reportFile!: object;
}
