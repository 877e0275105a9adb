import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { County } from './county.entity';

/** Resident population (常住人口) of a county in a year, with its source: comparisons divide by it (per 10,000 residents). */
@Entity({ tableName: 'county_population' })
@Unique({ properties: ['county', 'year'] })
@Check({ name: 'county_population_year_plausible', expression: 'year >= 1949 AND year <= 2100' })
@Check({ name: 'county_population_positive', expression: 'population > 0' })
export class CountyPopulation {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne({ entity: () => County })
  county!: County;

  @Property({ type: 'smallint' })
  year!: number;

  @Property({ type: 'integer' })
  population!: number;

  @Property({ type: 'text' })
  source!: string;
}
