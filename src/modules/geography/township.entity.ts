import { ArrayType, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { BilingualName } from '../../common/bilingual-name';
import { Node } from '../../common/node';
import { County } from './county.entity';

export enum TownshipKind {
  SUBDISTRICT = 'SUBDISTRICT',
  TOWN = 'TOWN',
  TOWNSHIP = 'TOWNSHIP',
}

registerEnumType(TownshipKind, {
  name: 'TownshipKind',
  description: 'Kind of township-level division (乡级行政区类别).',
  valuesConfig: {
    SUBDISTRICT: { description: '街道' },
    TOWN: { description: '镇' },
    TOWNSHIP: { description: '乡' },
  },
});

@ObjectType({ implements: Node, description: 'A township-level division (乡/镇/街道) of a county.' })
@Entity({ tableName: 'township' })
export class Township extends BilingualName implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field({ description: 'Statistical division code (统计用区划代码), nine digits, e.g. 410726001.' })
  @Property({ type: 'string', length: 9, unique: true })
  code!: string;



  @Field(() => TownshipKind)
  @Enum({ items: () => TownshipKind })
  kind!: TownshipKind;

  @Field(() => [String], { description: 'Former or alternative names (曾用名), e.g. 位邱乡 for 魏邱乡.' })
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  aliases: string[] = [];

  @Index()
  @Field(() => County)
  @ManyToOne({ entity: () => County })
  county!: County;

  @Field({ description: 'Where the code and name come from.' })
  @Property({ type: 'text' })
  source!: string;

  get globalId(): string {
    return toGlobalId('Township', this.id);
  }
}
