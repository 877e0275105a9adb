import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { BilingualName } from '../../common/bilingual-name';
import { Node } from '../../common/node';
import { Province } from './province.entity';

@ObjectType({ implements: Node, description: 'A prefecture-level city (地级市).' })
@Entity({ tableName: 'city' })
export class City extends BilingualName implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'GB/T 2260 code (行政区划代码), six digits, e.g. 410700.' })
  @Property({ type: 'string', length: 6, unique: true })
  code!: string;



  @Index()
  @Field(() => Province)
  @ManyToOne({ entity: () => Province })
  province!: Province;

  get globalId(): string {
    return toGlobalId('City', this.id);
  }
}
