import { Entity, Index, JsonType, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { toGlobalId } from '../../common/global-id';
import { Node } from '../../common/node';

/** One write: who, what, when, how many rows. Written in the same transaction as the write. */
@ObjectType({ implements: Node, description: 'A write to the platform (审计日志): who, what, when, how many rows. Admins only.' })
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['at'] })
export class AuditLog implements Node {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Date)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  at!: Date;

  @Field(() => Int, { nullable: true, description: 'API key id; null for the command line.' })
  @Property({ type: 'integer', nullable: true })
  keyId?: number | null;

  @Field({ description: 'API key label, or "cli".' })
  @Property({ type: 'text' })
  actor!: string;

  @Field({ description: 'What was done, e.g. importReport, importRecords:cases.' })
  @Property({ type: 'text' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'County code written to.' })
  @Property({ type: 'string', length: 6, nullable: true })
  countyCode?: string | null;

  @Field(() => Int, { description: 'Rows written (inserted + updated; figures for reports).' })
  @Property({ type: 'integer' })
  rows!: number;

  @Field(() => GraphQLJSONObject, { description: 'Details: file label, status, counts, request id.' })
  @Property({ type: JsonType })
  detail!: Record<string, unknown>;

  get globalId(): string {
    return toGlobalId('AuditLog', this.id);
  }
}
