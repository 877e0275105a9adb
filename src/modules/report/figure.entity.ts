import { Check, Entity, Enum, Index, JsonType, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { County } from '../geography/county.entity';
import { Indicator } from './indicator.entity';
import { Report } from './report.entity';

export enum Qualifier {
  EXACT = 'EXACT',
  AT_LEAST = 'AT_LEAST',
  APPROXIMATE = 'APPROXIMATE',
}

registerEnumType(Qualifier, {
  name: 'Qualifier',
  description: 'How a published number is qualified in the text.',
  valuesConfig: {
    EXACT: { description: 'Stated as is (rounded to the digits shown, e.g. 91%).' },
    AT_LEAST: { description: 'A lower bound: 余, 以上, 多 (e.g. 1000余人).' },
    APPROXIMATE: { description: 'Approximate: 约, 近, 左右.' },
  },
});

/** Breakdown of a figure by dimensions of the indicator's fact, e.g. { agencyLevel: 'TOWNSHIP' }. */
export type Breakdown = Record<string, string>;

@ObjectType({ implements: Node, description: 'A number published in a report (数据), with the exact quote it was transcribed from.' })
@Entity({ tableName: 'figure' })
@Check({ name: 'figure_value_non_negative', expression: 'value >= 0' })
@Index({ properties: ['indicator', 'year'] })
@Index({ properties: ['county', 'year'] })
@Index({ properties: ['report'] })
export class Figure implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Report)
  @ManyToOne({ entity: () => Report, deleteRule: 'cascade' })
  report!: Report;

  @ManyToOne({ entity: () => Indicator })
  indicator!: Indicator;

  @Field(() => Int, { description: 'Revision of the indicator\'s definition the figure was transcribed under (see `indicator.revisions`).' })
  @Property({ type: 'integer', default: 1 })
  indicatorRevision: number = 1;

  /** The county, for county-level reports (null for a city's own report). */
  @Field(() => County, { nullable: true })
  @ManyToOne({ entity: () => County, nullable: true })
  county?: County | null;

  @Field(() => Int, { description: 'Year the figure refers to.' })
  @Property({ type: 'smallint' })
  year!: number;

  /** Exact decimal as published (numeric, never float); exposed as Float. */
  @Property({ type: 'decimal', precision: 20, scale: 4 })
  value!: string;

  @Field({ description: 'Unit as published (单位).' })
  @Property({ type: 'string', length: 16 })
  unit!: string;

  @Field(() => Qualifier)
  @Enum({ items: () => Qualifier })
  qualifier!: Qualifier;

  @Field(() => GraphQLJSONObject, { description: 'What the figure is restricted to, e.g. {"agencyLevel": "TOWNSHIP"}; {} for a total. Keys are filter fields of the indicator\'s fact.' })
  @Property({ type: JsonType, default: '{}' })
  breakdown: Breakdown = {};

  @Field({ description: 'The exact words of the source (原文), a verbatim substring of the document.' })
  @Property({ type: 'text' })
  quote!: string;

  @Field(() => String, { nullable: true, description: 'Transcriber\'s note, e.g. which table column the number is in.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Int, { description: 'Order of the figure in its report.' })
  @Property({ type: 'integer' })
  position!: number;

  @Field({ name: 'value', description: 'The number as published (without its qualifier).' })
  get numericValue(): number {
    return Number(this.value);
  }

  get globalId(): string {
    return toGlobalId('Figure', this.id);
  }
}
