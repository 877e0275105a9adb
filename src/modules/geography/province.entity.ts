import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { BilingualName } from '../../common/bilingual-name';
import { Node } from '../../common/node';

@ObjectType({ implements: Node, description: 'A province-level division (省).' })
@Entity({ tableName: 'province' })
export class Province extends BilingualName implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'GB/T 2260 code (行政区划代码), six digits, e.g. 410000.' })
  @Property({ type: 'string', length: 6, unique: true })
  code!: string;



  get globalId(): string {
    return toGlobalId('Province', this.id);
  }
}
