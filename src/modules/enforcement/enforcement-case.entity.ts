import { BigIntType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { MoneyScalar } from '../../common/money';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { Township } from '../geography/township.entity';
import { plausibleDate } from '../../common/invariants';

export enum ActionType {
  PENALTY = 'PENALTY',
  INSPECTION = 'INSPECTION',
  LICENSE = 'LICENSE',
  GUIDANCE = 'GUIDANCE',
  MEDIATION = 'MEDIATION',
  COERCIVE_MEASURE = 'COERCIVE_MEASURE',
  COERCIVE_EXECUTION = 'COERCIVE_EXECUTION',
}

export enum Leniency {
  NONE = 'NONE',
  EXEMPTED = 'EXEMPTED',
  MITIGATED = 'MITIGATED',
  LIGHTER = 'LIGHTER',
}

registerEnumType(ActionType, {
  name: 'ActionType',
  description: 'Kind of administrative enforcement action (行政执法行为类别).',
  valuesConfig: {
    PENALTY: { description: '行政处罚' },
    INSPECTION: { description: '行政检查' },
    LICENSE: { description: '行政许可' },
    GUIDANCE: { description: '行政指导' },
    MEDIATION: { description: '行政调解' },
    COERCIVE_MEASURE: { description: 'Administrative coercive measure (行政强制措施: sealing, seizure, freezing…).' },
    COERCIVE_EXECUTION: { description: 'Administrative coercive execution (行政强制执行) of a decision by the agency itself; both kinds together are 行政强制.' },
  },
});

registerEnumType(Leniency, {
  name: 'Leniency',
  description: 'Inclusive and prudent supervision applied to a case (包容审慎监管, “四张清单”).',
  valuesConfig: {
    NONE: { description: 'No leniency applied.' },
    EXEMPTED: { description: 'Penalty exempted (免罚).' },
    MITIGATED: { description: 'Penalty mitigated below the range (减轻处罚).' },
    LIGHTER: { description: 'Lighter penalty within the range (从轻处罚).' },
  },
});

@ObjectType({ implements: Node, description: 'One administrative enforcement action (行政执法案件/行为): a penalty, inspection, licence, guidance, mediation or coercive measure.' })
@Entity({ tableName: 'enforcement_case' })
@Check({ name: 'enforcement_case_decided_on_plausible', expression: plausibleDate('decided_on') })
@Check({ name: 'enforcement_case_fine_amount_non_negative', expression: 'fine_amount_fen >= 0' })
@Check({ name: 'enforcement_case_leniency_amount_non_negative', expression: 'leniency_amount_fen >= 0' })
@Check({ name: 'enforcement_case_leniency_amount_when_lenient', expression: "(leniency = 'NONE') = (leniency_amount_fen IS NULL)" })
@Index({ properties: ['county', 'decidedOn'] })
@Index({ properties: ['agency', 'decidedOn'] })
@Index({ properties: ['township'] })
// The default order of the list (newest first, then id): the whole province's newest cases without a sort of all of them.
@Index({ properties: ['decidedOn', 'id'] })
@Unique({ properties: ['county', 'caseNumber'], name: 'enforcement_case_county_case_number_unique' })
export class EnforcementCase extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Case or file number (案号/文书编号), unique within the county.' })
  @Property({ type: 'string', length: 64 })
  caseNumber!: string;

  @Field(() => Agency, { description: 'The agency that decided it.' })
  @ManyToOne({ entity: () => Agency })
  agency!: Agency;

  /** Where it happened; null when the record does not say. */
  @Field(() => Township, { nullable: true, description: 'Where it happened, when recorded.' })
  @ManyToOne({ entity: () => Township, nullable: true })
  township?: Township | null;

  @Field(() => ActionType)
  @Enum({ items: () => ActionType })
  actionType!: ActionType;

  @Field(() => String, { description: 'Date of the decision or action (决定日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  decidedOn!: string;

  /** Fine in fen (分): exact integers, never floats. */
  @Property({ type: new BigIntType('number'), default: 0 })
  fineAmountFen: number = 0;

  @Field(() => Leniency)
  @Enum({ items: () => Leniency, default: Leniency.NONE })
  leniency: Leniency = Leniency.NONE;

  /** Amount involved in a lenient case (涉案金额), in fen. */
  @Property({ type: new BigIntType('number'), nullable: true })
  leniencyAmountFen?: number | null;

  @Field(() => MoneyScalar, { name: 'fineAmount', description: 'Fine imposed (罚款金额), in yuan; 0 when none.' })
  get fineAmount(): number {
    return this.fineAmountFen;
  }

  @Field(() => MoneyScalar, { name: 'leniencyAmount', nullable: true, description: 'Amount involved in a lenient case (涉案金额), in yuan.' })
  get leniencyAmount(): number | null {
    return this.leniencyAmountFen ?? null;
  }

  get globalId(): string {
    return toGlobalId('EnforcementCase', this.id);
  }
}
