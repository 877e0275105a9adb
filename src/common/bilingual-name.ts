import { Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';

/** Places and agencies carry their name as published (Chinese) and, where one exists, an English name. */
@ObjectType({ description: 'Base of named places and agencies; not itself queryable.' })
export abstract class BilingualName {
  @Field({ description: 'Name as published, in Chinese (名称).' })
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name, where a translation exists.' })
  @Property({ type: 'string', nullable: true })
  nameEn?: string | null;
}
