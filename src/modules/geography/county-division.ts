import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { County } from './county.entity';

/** A county-level unit as GB/T 2260 lists it, whether or not the platform holds data for it. */
@ObjectType({ description: 'A county-level unit of China as GB/T 2260 lists it (县级行政区划), held by the platform or not.' })
export class CountyDivision {
  @Field({ description: 'Six-digit GB/T 2260 code, e.g. 411521.' })
  code!: string;

  @Field({ description: 'Name (名称), e.g. 罗山县.' })
  name!: string;

  @Field({ description: 'Romanised English name, e.g. Luoshan County: pinyin of the name with the suffix translated (县 County, 区 District, 市 City, 旗 Banner, 自治县 Autonomous County), not always the official English name.' })
  nameEn!: string;

  @Field({ description: 'Pinyin without tones (拼音), syllables spaced, e.g. "luo shan xian".' })
  pinyin!: string;

  @Field({ description: 'Prefecture-level city (地级市), e.g. 信阳市.' })
  cityName!: string;

  @Field({ description: 'The city\'s romanised English name, e.g. Xinyang City.' })
  cityNameEn!: string;

  @Field({ description: 'Province (省), e.g. 河南省.' })
  provinceName!: string;

  @Field({ description: 'The province\'s romanised English name, e.g. Henan Province.' })
  provinceNameEn!: string;

  @Field(() => County, { nullable: true, description: 'The county, when the platform holds it (a report or a record file named it); null otherwise.' })
  county!: County | null;
}

@InputType({ description: 'Text to find in a county-level unit\'s name.' })
export class DivisionNameFilter {
  @Field({ description: 'Part of the Chinese name (罗山), of the pinyin (luoshan, "luo shan"; tones, spaces and apostrophes ignored) or of the English name (Luoshan County).' })
  contains!: string;
}

@InputType({ description: 'A code prefix.' })
export class DivisionCodeFilter {
  @Field({ description: 'Start of the six-digit code: 41 (a province), 4115 (a city), 411521.' })
  startsWith!: string;
}

@InputType({ description: 'Which county-level units to list; every condition given must hold.' })
export class CountyDivisionFilter {
  @Field(() => DivisionNameFilter, { nullable: true }) name?: DivisionNameFilter;
  @Field(() => DivisionCodeFilter, { nullable: true }) code?: DivisionCodeFilter;
}

@ObjectType({ description: 'Where a page of county-level units sits in the list.' })
export class DivisionPageInfo {
  @Field({ description: 'Whether more units follow.' }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType({ description: 'A page of county-level units, in code order.' })
export class CountyDivisionConnection {
  @Field(() => [CountyDivision]) nodes!: CountyDivision[];
  @Field(() => Int, { description: 'How many units match the filter in all.' }) totalCount!: number;
  @Field(() => DivisionPageInfo) pageInfo!: DivisionPageInfo;
}
