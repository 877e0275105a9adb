import { Migration } from '@mikro-orm/migrations';

/** Population by county and year, with its source (issue 13.3), importable as a record file. */
export class Migration20261129121000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "county_population" ("id" serial primary key, "county_id" int not null, "year" smallint not null, "population" int not null, "source" text not null, constraint county_population_year_plausible check (year >= 1949 AND year <= 2100), constraint county_population_positive check (population > 0));`);
    this.addSql(`alter table "county_population" add constraint "county_population_county_id_year_unique" unique ("county_id", "year");`);
    this.addSql(`alter table "county_population" add constraint "county_population_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "county_population" cascade;`);
  }
}
