import { Migration } from '@mikro-orm/migrations';

export class Migration20261128013544 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "enforcement_case_by_agency" ("county_id" int not null, "agency_id" int not null, "year" smallint not null, "action_type" text not null, "leniency" text not null, "provenance" text not null, "n" bigint not null, "fine_sum" bigint not null, "fine_min" bigint not null, "fine_max" bigint not null, "fined" bigint not null, "leniency_sum" bigint null, "leniency_min" bigint null, "leniency_max" bigint null, "leniency_n" bigint not null, constraint "enforcement_case_by_agency_pkey" primary key ("county_id", "agency_id", "year", "action_type", "leniency", "provenance"));`);
    this.addSql(`create index "enforcement_case_by_agency_agency_id_year_index" on "enforcement_case_by_agency" ("agency_id", "year");`);

    this.addSql(`create table "enforcement_case_monthly" ("county_id" int not null, "year" smallint not null, "month" smallint not null, "action_type" text not null, "leniency" text not null, "provenance" text not null, "n" bigint not null, "fine_sum" bigint not null, "fine_min" bigint not null, "fine_max" bigint not null, "fined" bigint not null, "leniency_sum" bigint null, "leniency_min" bigint null, "leniency_max" bigint null, "leniency_n" bigint not null, constraint "enforcement_case_monthly_pkey" primary key ("county_id", "year", "month", "action_type", "leniency", "provenance"));`);
    this.addSql(`create index "enforcement_case_monthly_year_county_id_index" on "enforcement_case_monthly" ("year", "county_id");`);

    this.addSql(`create table "rollup_state" ("name" text not null, "refreshed_at" timestamptz not null, constraint "rollup_state_pkey" primary key ("name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "enforcement_case_by_agency" cascade;`);

    this.addSql(`drop table if exists "enforcement_case_monthly" cascade;`);

    this.addSql(`drop table if exists "rollup_state" cascade;`);
  }

}
