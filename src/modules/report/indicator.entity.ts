import { ArrayType, Entity, Index, JsonType, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';

/** How records compute an indicator: which fact, which filter, which measure (see seeds/data/indicators.json). */
export interface IndicatorDefinition {
  fact: string;
  measure: string;
  /** Filter in the fact's filter input shape; "$YEAR_START"/"$YEAR_END" are replaced by the figure's year. */
  filter?: Record<string, unknown>;
  /** "year" (default): restrict the fact's main date to the figure's year; "none": the filter places it in time itself. */
  period?: 'year' | 'none';
  /** Multiply the measure to reach the indicator's unit (e.g. 0.000001 for fen -> 万元). */
  scale?: number;
}

@ObjectType({ implements: Node, description: 'An indicator of the catalogue (指标): what a figure measures.' })
@Entity({ tableName: 'indicator' })
export class Indicator implements Node {
  @Field({ description: 'Stable code, e.g. ENF_PENALTY_TOTAL.' })
  @PrimaryKey({ type: 'string', length: 60 })
  code!: string;

  @Field({ description: 'Chinese name (指标名称).' })
  @Property({ type: 'text' })
  nameZh!: string;

  @Field({ description: 'English name.' })
  @Property({ type: 'text' })
  nameEn!: string;

  @Field({ description: 'Canonical unit as published (单位), e.g. 件, 人, 次, 万元, %.' })
  @Property({ type: 'string', length: 16 })
  unit!: string;

  @Field(() => [String], { description: 'Other units with the same meaning that reports use (e.g. 宗 for 件).' })
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  unitAliases: string[] = [];

  @Field({ description: 'Family of indicators, e.g. enforcement_actions, litigation.' })
  @Index()
  @Property({ type: 'string', length: 40 })
  family!: string;

  @Field({ description: 'What exactly is counted and what is not, in English (定义).' })
  @Property({ type: 'text' })
  description!: string;

  @Field({ description: 'What exactly is counted and what is not, in Chinese (指标定义, 统计口径).' })
  @Property({ type: 'text', default: '' })
  descriptionZh: string = '';

  @Field({ description: 'Comparability note in English: what differs between reports, so two counties\' figures may not be like for like (可比性说明).' })
  @Property({ type: 'text', default: '' })
  comparability: string = '';

  @Field({ description: 'Comparability note in Chinese (可比性说明).' })
  @Property({ type: 'text', default: '' })
  comparabilityZh: string = '';

  @Field(() => Int, { description: 'Current revision of the definition (修订版本), 1 for the first; a redefinition adds one and keeps the earlier ones in `revisions`.' })
  @Property({ type: 'integer', default: 1 })
  revision: number = 1;

  /** Null when records cannot compute it (most narrative figures). */
  @Property({ type: JsonType, nullable: true })
  definition?: IndicatorDefinition | null;

  @Field({ description: 'Whether the platform can compute this indicator from records (and so reconcile it).' })
  get computable(): boolean {
    return !!this.definition;
  }

  get globalId(): string {
    return toGlobalId('Indicator', this.code);
  }
}
