import { ArrayType, Entity, JsonType, ManyToOne, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Indicator, type IndicatorDefinition } from './indicator.entity';

/**
 * One revision of an indicator's meaning, kept for good: figures name the revision they were
 * transcribed under, so a redefinition never silently changes what an older figure meant.
 */
@ObjectType({ description: 'One revision of an indicator\'s definition (指标定义修订), with why it changed.' })
@Entity({ tableName: 'indicator_revision' })
export class IndicatorRevision {
  [PrimaryKeyProp]?: ['indicator', 'revision'];

  @ManyToOne({ entity: () => Indicator, primary: true, deleteRule: 'cascade' })
  indicator!: Indicator;

  @Field(() => Int, { description: 'Revision number, 1 for the first.' })
  @Property({ type: 'integer', primary: true })
  revision!: number;

  @Field({ description: 'Chinese name in this revision.' })
  @Property({ type: 'text' })
  nameZh!: string;

  @Field({ description: 'English name in this revision.' })
  @Property({ type: 'text' })
  nameEn!: string;

  @Field({ description: 'Unit in this revision.' })
  @Property({ type: 'string', length: 16 })
  unit!: string;

  @Field(() => [String], { description: 'Accepted unit aliases in this revision.' })
  @Property({ type: ArrayType, columnType: 'text[]', default: '{}' })
  unitAliases: string[] = [];

  @Field({ description: 'Family in this revision.' })
  @Property({ type: 'string', length: 40 })
  family!: string;

  @Field({ description: 'Definition in English in this revision.' })
  @Property({ type: 'text' })
  description!: string;

  @Field({ description: 'Definition in Chinese in this revision (指标定义).' })
  @Property({ type: 'text', default: '' })
  descriptionZh: string = '';

  @Field({ description: 'Comparability note in English in this revision.' })
  @Property({ type: 'text', default: '' })
  comparability: string = '';

  @Field({ description: 'Comparability note in Chinese in this revision (可比性说明).' })
  @Property({ type: 'text', default: '' })
  comparabilityZh: string = '';

  /** How records computed it in this revision (null: not computable). */
  @Property({ type: JsonType, nullable: true })
  definition?: IndicatorDefinition | null;

  @Field(() => String, { nullable: true, description: 'Why the definition changed (修订说明); null for the first revision.' })
  @Property({ type: 'text', nullable: true })
  changeNote?: string | null;

  @Field(() => Date, { description: 'When this revision entered the catalogue.' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Field({ description: 'Whether records could compute the indicator in this revision.' })
  get computable(): boolean {
    return !!this.definition;
  }
}
