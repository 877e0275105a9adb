import { Enum, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { County } from './county.entity';
import { Provenance } from '../../common/provenance';

/**
 * Columns every record carries: its county (every fact table is keyed by county, so a
 * distributed PostgreSQL can shard by it), where it came from, and the source it cites.
 */
@ObjectType({ description: 'Base of every record type; not itself queryable.' })
export abstract class RecordBase {
  @Field(() => County)
  @ManyToOne({ entity: () => County })
  county!: County;

  @Field(() => Provenance, { description: 'Where this record comes from; SYNTHETIC records are generated, not real (合成数据).' })
  @Enum({ items: () => Provenance })
  provenance!: Provenance;

  @Field({ description: 'The source this record cites, or how it was generated.' })
  @Property({ type: 'text' })
  source!: string;
}
