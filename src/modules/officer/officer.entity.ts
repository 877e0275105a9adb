import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { plausibleDate } from '../../common/invariants';

export enum CertificateStatus {
  ACTIVE = 'ACTIVE',
  CANCELLED = 'CANCELLED',
}

export enum CancellationReason {
  RETIREMENT = 'RETIREMENT',
  TRANSFER = 'TRANSFER',
  FAILED_EXAM = 'FAILED_EXAM',
  DISCIPLINARY = 'DISCIPLINARY',
  OTHER = 'OTHER',
}

registerEnumType(CertificateStatus, {
  name: 'CertificateStatus',
  description: 'Status of an enforcement certificate (行政执法证状态).',
  valuesConfig: { ACTIVE: { description: '有效' }, CANCELLED: { description: '已注销' } },
});

registerEnumType(CancellationReason, {
  name: 'CancellationReason',
  description: 'Why a certificate was cancelled (注销原因).',
  valuesConfig: {
    RETIREMENT: { description: '退休' },
    TRANSFER: { description: '调岗' },
    FAILED_EXAM: { description: '公共法律知识考试不合格' },
    DISCIPLINARY: { description: '受到行政处分' },
    OTHER: { description: '其他原因' },
  },
});

@ObjectType({ implements: Node, description: 'An administrative enforcement officer holding a certificate (行政执法人员).' })
@Entity({ tableName: 'enforcement_officer' })
@Check({ name: 'enforcement_officer_cancelled_has_date', expression: "status <> 'CANCELLED' OR cancelled_on IS NOT NULL AND cancellation_reason IS NOT NULL" })
@Check({ name: 'enforcement_officer_active_not_cancelled', expression: "status <> 'ACTIVE' OR cancelled_on IS NULL AND cancellation_reason IS NULL" })
@Check({ name: 'enforcement_officer_cancelled_after_issued', expression: 'cancelled_on >= issued_on' })
@Check({ name: 'enforcement_officer_issued_on_plausible', expression: plausibleDate('issued_on') })
@Check({ name: 'enforcement_officer_cancelled_on_plausible', expression: plausibleDate('cancelled_on') })
@Index({ properties: ['county', 'status'] })
@Index({ properties: ['agency'] })
@Unique({ properties: ['county', 'certificateNumber'], name: 'enforcement_officer_county_certificate_unique' })
export class EnforcementOfficer extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Agency)
  @ManyToOne({ entity: () => Agency })
  agency!: Agency;

  /** Personal data: readable only by editors of the officer's county and admins. */
  @Property({ type: 'string', length: 64 })
  name!: string;

  /** Personal data, as name. */
  @Property({ type: 'string', length: 40 })
  certificateNumber!: string;

  @Field(() => CertificateStatus)
  @Enum({ items: () => CertificateStatus })
  status!: CertificateStatus;

  @Field(() => String, { description: 'Date the certificate was issued (发证日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  issuedOn!: string;

  @Field(() => String, { nullable: true, description: 'Date the certificate was cancelled (注销日期), YYYY-MM-DD.' })
  @Property({ type: 'date', nullable: true })
  cancelledOn?: string | null;

  @Field(() => CancellationReason, { nullable: true })
  @Enum({ items: () => CancellationReason, nullable: true })
  cancellationReason?: CancellationReason | null;

  get globalId(): string {
    return toGlobalId('EnforcementOfficer', this.id);
  }
}
