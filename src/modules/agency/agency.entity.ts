import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { BilingualName } from '../../common/bilingual-name';
import { Node } from '../../common/node';
import { Provenance } from '../../common/provenance';
import { County } from '../geography/county.entity';
import { Township } from '../geography/township.entity';

export enum AgencyLevel {
  COUNTY_DEPARTMENT = 'COUNTY_DEPARTMENT',
  TOWNSHIP = 'TOWNSHIP',
}

registerEnumType(AgencyLevel, {
  name: 'AgencyLevel',
  description: 'Administrative level of an enforcement agency (执法主体层级).',
  valuesConfig: {
    COUNTY_DEPARTMENT: { description: 'A county department or a branch stationed in the county (县直执法单位).' },
    TOWNSHIP: { description: 'A township government or subdistrict office (乡镇政府/街道办事处).' },
  },
});

@ObjectType({ implements: Node, description: 'An administrative agency (行政机关/执法单位): a county department or a township government.' })
@Entity({ tableName: 'agency' })
@Index({ properties: ['county', 'level'] })
export class Agency extends BilingualName implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Stable natural key: county code and a short department code, e.g. 410726-SFJ (司法局).' })
  @Property({ type: 'string', length: 40, unique: true })
  code!: string;



  @Field(() => AgencyLevel)
  @Enum({ items: () => AgencyLevel })
  level!: AgencyLevel;

  @Field(() => [String], { description: 'Other names the agency is published under (简称/曾用名), e.g. 应急局 for 应急管理局.' })
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  aliases: string[] = [];

  @Field(() => County)
  @ManyToOne({ entity: () => County })
  county!: County;

  /** Set for township governments: the township they govern. */
  @Index()
  @Field(() => Township, { nullable: true, description: 'For a township government: the township it governs.' })
  @ManyToOne({ entity: () => Township, nullable: true })
  township?: Township | null;

  @Field(() => Provenance, { description: 'PUBLISHED when the source names this agency; SYNTHETIC when it is a usual county department assumed to exist.' })
  @Enum({ items: () => Provenance })
  provenance!: Provenance;

  @Field({ description: 'Where the agency is named, or why it is assumed.' })
  @Property({ type: 'text' })
  source!: string;

  get globalId(): string {
    return toGlobalId('Agency', this.id);
  }
}
