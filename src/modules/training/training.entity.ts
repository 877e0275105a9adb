import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { plausibleDate } from '../../common/invariants';

export enum TrainingKind {
  LEADERSHIP_SPECIAL = 'LEADERSHIP_SPECIAL',
  GOVERNMENT_STUDY = 'GOVERNMENT_STUDY',
  OFFICER_GENERAL = 'OFFICER_GENERAL',
  OFFICER_PROFESSIONAL = 'OFFICER_PROFESSIONAL',
  OUTREACH = 'OUTREACH',
  TOWNSHIP_CENTRALIZED = 'TOWNSHIP_CENTRALIZED',
  TOWNSHIP_ON_SITE = 'TOWNSHIP_ON_SITE',
}

registerEnumType(TrainingKind, {
  name: 'TrainingKind',
  description: 'Kind of training or study session (培训/学法类别).',
  valuesConfig: {
    LEADERSHIP_SPECIAL: { description: 'Special training of leading cadres on Xi Jinping Thought on the Rule of Law (领导干部习近平法治思想专题培训).' },
    GOVERNMENT_STUDY: { description: 'Study of laws and regulations at government party-group meetings (县政府党组会议学法).' },
    OFFICER_GENERAL: { description: 'Training of all enforcement officers in rule-of-law thought and public legal knowledge (行政执法人员公共法律知识培训).' },
    OFFICER_PROFESSIONAL: { description: 'Professional legal training and examination inside an enforcement unit (专业法律知识培训及考试).' },
    OUTREACH: { description: 'Grassroots mini-lecture outreach (“微宣讲、走基层”活动).' },
    TOWNSHIP_CENTRALIZED: { description: 'Centralised training of township comprehensive enforcement staff (乡镇综合行政执法人员集中培训).' },
    TOWNSHIP_ON_SITE: { description: 'On-site thematic training of townships by county departments (现场专题培训).' },
  },
});

@ObjectType({ implements: Node, description: 'A training or law-study session (培训/学法).' })
@Entity({ tableName: 'training' })
@Check({ name: 'training_held_on_plausible', expression: plausibleDate('held_on') })
@Check({ name: 'training_participants_non_negative', expression: 'participants >= 0' })
@Index({ properties: ['county', 'heldOn'] })
@Index({ properties: ['organizer'] })
export class Training extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => TrainingKind)
  @Enum({ items: () => TrainingKind })
  kind!: TrainingKind;

  @Field(() => String, { description: 'Date held (日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  heldOn!: string;

  /** The organising agency; null for county-wide sessions run by the county government. */
  @Field(() => Agency, { nullable: true, description: 'The organising agency; null for county-wide sessions.' })
  @ManyToOne({ entity: () => Agency, nullable: true })
  organizer?: Agency | null;

  @Field(() => Int, { nullable: true, description: 'Number of participants (参训人数), when recorded.' })
  @Property({ type: 'integer', nullable: true })
  participants?: number | null;

  @Field({ description: 'Title of the session.' })
  @Property({ type: 'text' })
  title!: string;

  get globalId(): string {
    return toGlobalId('Training', this.id);
  }
}
