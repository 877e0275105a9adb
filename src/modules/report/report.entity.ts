import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { Provenance } from '../../common/provenance';
import { County } from '../geography/county.entity';
import { plausibleDate } from '../../common/invariants';

export enum AreaLevel {
  COUNTY = 'COUNTY',
  CITY = 'CITY',
}

export enum DocumentType {
  RULE_OF_LAW_REPORT = 'RULE_OF_LAW_REPORT',
  ENFORCEMENT_STATISTICS = 'ENFORCEMENT_STATISTICS',
}

/** Whether every number of the document was transcribed: only then does a missing figure mean the report lacks it. */
export enum Transcription {
  COMPLETE = 'COMPLETE',
  PARTIAL = 'PARTIAL',
}

registerEnumType(Transcription, {
  name: 'Transcription',
  description: 'How much of a document was transcribed (转录范围).',
  valuesConfig: {
    COMPLETE: { description: 'Every number in the text is transcribed: a figure not held is not in the report.' },
    PARTIAL: { description: 'Only part of the text is transcribed: a figure not held may still be in the report.' },
  },
});

registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description: 'Level of the government that published a report.',
  valuesConfig: { COUNTY: { description: '县级' }, CITY: { description: '地级市 (市级)' } },
});

registerEnumType(DocumentType, {
  name: 'DocumentType',
  description: 'Kind of published document.',
  valuesConfig: {
    RULE_OF_LAW_REPORT: { description: 'Annual report on building a rule-of-law government (法治政府建设情况报告).' },
    ENFORCEMENT_STATISTICS: { description: 'Annual administrative enforcement statistics (年度行政执法数据).' },
  },
});

@ObjectType({ implements: Node, description: 'A published document (报告) from which figures are transcribed.' })
@Entity({ tableName: 'report' })
@Check({ name: 'report_year_plausible', expression: 'year >= 1949 AND year <= 2100' })
@Check({ name: 'report_published_on_plausible', expression: plausibleDate('published_on') })
@Check({ name: 'report_published_after_year_began', expression: 'published_on >= make_date(year, 1, 1)' })
@Unique({ properties: ['areaCode', 'year', 'documentType'] })
export class Report implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'GB/T 2260 code of the publishing area (county, or city for city-level reports).' })
  @Property({ type: 'string', length: 6 })
  areaCode!: string;

  @Field({ description: 'Name of the publishing area, in Chinese.' })
  @Property({ type: 'string' })
  areaName!: string;

  @Field(() => AreaLevel)
  @Enum({ items: () => AreaLevel })
  areaLevel!: AreaLevel;

  /** The county, for county-level reports. */
  @Index()
  @Field(() => County, { nullable: true, description: 'The county, for county-level reports.' })
  @ManyToOne({ entity: () => County, nullable: true })
  county?: County | null;

  @Field(() => Int, { description: 'The year the report covers (报告年度).' })
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => DocumentType)
  @Enum({ items: () => DocumentType })
  documentType!: DocumentType;

  @Field({ description: 'Title as published (标题).' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Publisher as shown on the page (来源).' })
  @Property({ type: 'text', nullable: true })
  publisher?: string | null;

  @Field(() => String, { nullable: true, description: 'Publication date (发布日期), YYYY-MM-DD, when the page shows one.' })
  @Property({ type: 'date', nullable: true })
  publishedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Web address of the published document.' })
  @Property({ type: 'text', nullable: true })
  sourceUrl?: string | null;

  @Field({ description: 'How much of the document was transcribed; a figure missing from a partial transcription is not evidence that the report lacks it.' })
  @Property({ type: 'text' })
  coverage!: string;

  @Field(() => Transcription, { description: 'Whether every number of the document was transcribed (COMPLETE) or only part of it (PARTIAL, the default).' })
  @Enum({ items: () => Transcription, default: Transcription.PARTIAL })
  transcription!: Transcription;

  @Field(() => Provenance)
  @Enum({ items: () => Provenance })
  provenance!: Provenance;

  /** Hash of the imported content: importing the same file again changes nothing. */
  @Property({ type: 'string', length: 64 })
  contentHash!: string;

  @Field(() => Int, { description: 'Incremented each time a corrected version replaces the figures.' })
  @Property({ type: 'integer', default: 1 })
  revision: number = 1;

  @Field(() => Date, { description: 'When this version was loaded.' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  loadedAt!: Date;

  get globalId(): string {
    return toGlobalId('Report', this.id);
  }
}
