import { Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { plausibleDate } from '../../common/invariants';

export enum TaskForceKind {
  TASK_FORCE = 'TASK_FORCE',
  COORDINATION = 'COORDINATION',
}

registerEnumType(TaskForceKind, {
  name: 'TaskForceKind',
  description: 'Kind of standing body (专班/协调机制).',
  valuesConfig: {
    TASK_FORCE: { description: 'A task force for one problem (专班, “一案一专班”).' },
    COORDINATION: { description: 'A coordination mechanism that meets as needed (协调会机制).' },
  },
});

@ObjectType({ implements: Node, description: 'A task force (专班) or coordination mechanism, with its member agencies and meetings.' })
@Entity({ tableName: 'task_force' })
@Unique({ properties: ['county', 'code'] })
export class TaskForce extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Short stable code within the county, e.g. PROBLEM_HOUSING.' })
  @Property({ type: 'string', length: 40 })
  code!: string;

  @Field({ description: 'Name as published, in Chinese (名称).' })
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, where a translation exists.' })
  @Property({ type: 'string', nullable: true })
  nameEn?: string | null;

  @Field(() => TaskForceKind)
  @Enum({ items: () => TaskForceKind })
  kind!: TaskForceKind;

  get globalId(): string {
    return toGlobalId('TaskForce', this.id);
  }
}

/** Membership of an agency in a task force; its county's row like every record (keys lead with county_id). */
@Entity({ tableName: 'task_force_member' })
@Index({ properties: ['agency'] })
export class TaskForceMember {
  @ManyToOne({ entity: () => County })
  county!: County;

  @ManyToOne({ entity: () => TaskForce, primary: true })
  taskForce!: TaskForce;

  @ManyToOne({ entity: () => Agency, primary: true })
  agency!: Agency;

  @Property({ type: 'boolean', default: false })
  lead: boolean = false;
}

@ObjectType({ implements: Node, description: 'A meeting of a task force (专班会议/专题会议).' })
@Entity({ tableName: 'task_force_meeting' })
@Check({ name: 'task_force_meeting_held_on_plausible', expression: plausibleDate('held_on') })
@Index({ properties: ['taskForce'] })
@Index({ properties: ['county', 'heldOn'] })
export class TaskForceMeeting extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => TaskForce)
  @ManyToOne({ entity: () => TaskForce })
  taskForce!: TaskForce;

  @Field(() => String, { description: 'Date held (日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  heldOn!: string;

  @Field({ description: 'Subject of the meeting.' })
  @Property({ type: 'text' })
  title!: string;

  get globalId(): string {
    return toGlobalId('TaskForceMeeting', this.id);
  }
}
