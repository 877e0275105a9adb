import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';
import { Province } from './province.entity';

@ObjectType({ implements: Node, description: 'A prefecture-level city (地级市).' })
@Entity({ tableName: 'city' })
export class City implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'GB/T 2260 code (行政区划代码), six digits, e.g. 410700.' })
  @Property({ type: 'string', length: 6, unique: true })
  code!: string;

  @Field({ description: 'Name as published, in Chinese (名称).' })
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, where a translation exists.' })
  @Property({ type: 'string', nullable: true })
  nameEn?: string | null;

  @Index()
  @ManyToOne({ entity: () => Province })
  province!: Province;

  get globalId(): string {
    return toGlobalId('City', this.id);
  }
}
