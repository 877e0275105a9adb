import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { plausibleDate } from '../../common/invariants';

export enum LitigationKind {
  ADMINISTRATIVE = 'ADMINISTRATIVE',
  CIVIL = 'CIVIL',
  ENFORCEMENT = 'ENFORCEMENT',
}

export enum LitigationOutcome {
  MEDIATED = 'MEDIATED',
  TRANSFERRED_TO_FILING = 'TRANSFERRED_TO_FILING',
  IN_MEDIATION = 'IN_MEDIATION',
  SETTLED_OR_TERMINATED = 'SETTLED_OR_TERMINATED',
}

registerEnumType(LitigationKind, {
  name: 'LitigationKind',
  description: 'Kind of court case involving the government (涉诉案件类别).',
  valuesConfig: {
    ADMINISTRATIVE: { description: '行政案件' },
    CIVIL: { description: '民事案件' },
    ENFORCEMENT: { description: '执行案件' },
  },
});

registerEnumType(LitigationOutcome, {
  name: 'LitigationOutcome',
  description: 'Where a court case stands (办理结果).',
  valuesConfig: {
    MEDIATED: { description: '调解成功' },
    TRANSFERRED_TO_FILING: { description: '转立案' },
    IN_MEDIATION: { description: '正在调解' },
    SETTLED_OR_TERMINATED: { description: '已达成和解协议或执行终结' },
  },
});

@ObjectType({ implements: Node, description: 'A court case involving an administrative agency (行政/民事/执行案件), heard in the county.' })
@Entity({ tableName: 'litigation_case' })
@Check({ name: 'litigation_case_heard_on_plausible', expression: plausibleDate('heard_on') })
@Index({ properties: ['county', 'heardOn'] })
@Index({ properties: ['defendantAgency'] })
@Unique({ properties: ['county', 'caseNumber'], name: 'litigation_case_county_case_number_unique' })
export class LitigationCase extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Court case number (案号), unique within the county.' })
  @Property({ type: 'string', length: 64 })
  caseNumber!: string;

  @Field(() => LitigationKind)
  @Enum({ items: () => LitigationKind })
  kind!: LitigationKind;

  /** The agency that is a party to the case; null when the record does not say. */
  @Field(() => Agency, { nullable: true, description: 'The agency party to the case.' })
  @ManyToOne({ entity: () => Agency, nullable: true })
  defendantAgency?: Agency | null;

  @Field(() => String, { description: 'Date of the hearing (开庭日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  heardOn!: string;

  @Field(() => Boolean, { nullable: true, description: 'Whether the agency head appeared in court (行政机关负责人出庭应诉); administrative cases only.' })
  @Property({ type: 'boolean', nullable: true })
  headAppeared?: boolean | null;

  @Field(() => LitigationOutcome, { nullable: true, description: 'Outcome, where published; null when not reported.' })
  @Enum({ items: () => LitigationOutcome, nullable: true })
  outcome?: LitigationOutcome | null;

  get globalId(): string {
    return toGlobalId('LitigationCase', this.id);
  }
}
