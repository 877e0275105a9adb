import { Entity, Index, JsonType, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Report } from './report.entity';

/** What an import changed in a report's figures: added, removed, changed (by indicator + breakdown). */
export interface ReportChanges {
  added: string[];
  removed: string[];
  changed: { key: string; from: string; to: string }[];
}

@ObjectType({ description: 'One version of a report\'s figures, with what changed from the previous one (修订记录).' })
@Entity({ tableName: 'report_revision' })
@Index({ properties: ['report', 'revision'] })
export class ReportRevision {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Report, { description: 'The report this is a version of.' })
  @ManyToOne({ entity: () => Report, deleteRule: 'cascade' })
  report!: Report;

  @Field(() => Int)
  @Property({ type: 'integer' })
  revision!: number;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  loadedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who loaded it (API key id, or "seed"/"cli").' })
  @Property({ type: 'text', nullable: true })
  loadedBy?: string | null;

  @Field(() => GraphQLJSONObject, { description: 'Figures added, removed and changed, keyed by indicator and breakdown.' })
  @Property({ type: JsonType })
  changes!: ReportChanges;
}
