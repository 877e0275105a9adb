import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { RecordBase } from '../geography/record-base';
import { Agency } from '../agency/agency.entity';
import { plausibleDate } from '../../common/invariants';

@ObjectType({ implements: Node, description: 'A special supervision inspection of an enforcement unit (专项监督检查).' })
@Entity({ tableName: 'supervision_inspection' })
@Check({ name: 'supervision_inspection_inspected_on_plausible', expression: plausibleDate('inspected_on') })
@Index({ properties: ['county', 'inspectedOn'] })
@Index({ properties: ['agency'] })
export class SupervisionInspection extends RecordBase implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Agency, { description: 'The inspected agency.' })
  @ManyToOne({ entity: () => Agency })
  agency!: Agency;

  @Field(() => String, { description: 'Date of the inspection (检查日期), YYYY-MM-DD.' })
  @Property({ type: 'date' })
  inspectedOn!: string;

  @Field({ description: 'What the inspection was about.' })
  @Property({ type: 'text' })
  topic!: string;

  get globalId(): string {
    return toGlobalId('SupervisionInspection', this.id);
  }
}
