import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { EnforcementCase } from '../enforcement/enforcement-case.entity';
import { plausibleDate } from '../../common/invariants';

export enum CaseFileReviewKind {
  CENTRALIZED = 'CENTRALIZED',
  ROUTINE = 'ROUTINE',
}

registerEnumType(CaseFileReviewKind, {
  name: 'CaseFileReviewKind',
  description: 'Kind of case-file review round (案卷评查方式).',
  valuesConfig: {
    CENTRALIZED: { description: '集中评查' },
    ROUTINE: { description: '常态化评查 (月抽取、季通报)' },
  },
});

@ObjectType({ implements: Node, description: 'A round of case-file review (行政执法案卷评查): enforcement files sampled and checked for problems.' })
@Entity({ tableName: 'case_file_review' })
@Check({ name: 'case_file_review_held_on_plausible', expression: plausibleDate('held_on') })
@Index({ properties: ['county', 'heldOn'] })
export class CaseFileReview extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => CaseFileReviewKind)
  @Enum({ items: () => CaseFileReviewKind })
  kind!: CaseFileReviewKind;

  @Field(() => String, { description: 'Date the round was held (评查日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field({ description: 'Title of the round.' })
  @Property({ type: 'text' })
  title!: string;

  get globalId(): string {
    return toGlobalId('CaseFileReview', this.id);
  }
}

@ObjectType({ implements: Node, description: 'One case file sampled by a review round, with the problems found in it (抽查案卷).' })
@Entity({ tableName: 'case_file_review_item' })
@Check({ name: 'case_file_review_item_problems_found_non_negative', expression: 'problems_found >= 0' })
@Index({ properties: ['review'] })
@Index({ properties: ['enforcementCase'] })
@Index({ properties: ['county', 'agency'] })
export class CaseFileReviewItem extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => CaseFileReview)
  @ManyToOne({ entity: () => CaseFileReview })
  review!: CaseFileReview;

  @Field(() => EnforcementCase, { description: 'The sampled case file.' })
  @ManyToOne({ entity: () => EnforcementCase })
  enforcementCase!: EnforcementCase;

  /** The agency whose file it is (the case's agency, kept here for grouping). */
  @Field(() => Agency)
  @ManyToOne({ entity: () => Agency })
  agency!: Agency;

  @Field(() => Int, { description: 'Problems found in this file (评查问题数).' })
  @Property({ type: 'integer' })
  problemsFound!: number;

  get globalId(): string {
    return toGlobalId('CaseFileReviewItem', this.id);
  }
}
