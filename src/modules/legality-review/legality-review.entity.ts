import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { plausibleDate } from '../../common/invariants';

export enum LegalityReviewKind {
  GOVERNMENT_DOCUMENT = 'GOVERNMENT_DOCUMENT',
  AGREEMENT = 'AGREEMENT',
  MAJOR_PENALTY = 'MAJOR_PENALTY',
  MAJOR_DECISION = 'MAJOR_DECISION',
  NORMATIVE_DOCUMENT = 'NORMATIVE_DOCUMENT',
  PARTY_NORMATIVE_DOCUMENT = 'PARTY_NORMATIVE_DOCUMENT',
}

registerEnumType(LegalityReviewKind, {
  name: 'LegalityReviewKind',
  description: 'What a legality review examined (合法性审查事项).',
  valuesConfig: {
    GOVERNMENT_DOCUMENT: { description: '县政府文件' },
    AGREEMENT: { description: '行政、民事协议' },
    MAJOR_PENALTY: { description: '重大行政处罚 (重大行政执法决定)' },
    MAJOR_DECISION: { description: '重大行政决策' },
    NORMATIVE_DOCUMENT: { description: '行政规范性文件' },
    PARTY_NORMATIVE_DOCUMENT: { description: '党内规范性文件' },
  },
});

@ObjectType({ implements: Node, description: 'A legality review of a document, agreement or decision before it takes effect (合法性审查).' })
@Entity({ tableName: 'legality_review' })
@Check({ name: 'legality_review_reviewed_on_plausible', expression: plausibleDate('reviewed_on') })
@Index({ properties: ['county', 'reviewedOn'] })
@Index({ properties: ['agency'] })
export class LegalityReview extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => LegalityReviewKind)
  @Enum({ items: () => LegalityReviewKind })
  kind!: LegalityReviewKind;

  @Field(() => String, { description: 'Date of the review opinion (审查日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  reviewedOn!: string;

  /** The agency that submitted the item; null when the county government itself did. */
  @Field(() => Agency, { nullable: true, description: 'The agency that submitted the item; null when the county government did.' })
  @ManyToOne({ entity: () => Agency, nullable: true })
  agency?: Agency | null;

  @Field({ description: 'Title of the reviewed item.' })
  @Property({ type: 'text' })
  title!: string;

  get globalId(): string {
    return toGlobalId('LegalityReview', this.id);
  }
}
