import { Migration } from '@mikro-orm/migrations';

export class Migration20261128020724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "enforcement_case_yearly" ("county_id" int not null, "year" smallint not null, "action_type" text not null, "leniency" text not null, "provenance" text not null, "n" bigint not null, "fine_sum" bigint not null, "fine_min" bigint not null, "fine_max" bigint not null, "fined" bigint not null, "leniency_sum" bigint null, "leniency_min" bigint null, "leniency_max" bigint null, "leniency_n" bigint not null, constraint "enforcement_case_yearly_pkey" primary key ("county_id", "year", "action_type", "leniency", "provenance"));`);
    this.addSql(`create index "enforcement_case_yearly_year_county_id_index" on "enforcement_case_yearly" ("year", "county_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "enforcement_case_yearly" cascade;`);
  }

}
